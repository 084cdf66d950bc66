"""Running the analysis in a worker: a job per request, queued after the commit, read and analysed
within the limits, re-queued when it never reached a worker."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.fields import DECISION_MEMO_MAX, LETTER_TEXT_MAX

from ..models import (
    IntakeJobState,
    Letter,
    LetterIntakeJob,
)
from .analysis import IntakeSummary, letter_analyse
from .documents import IntakeError, document_text

logger = logging.getLogger(__name__)


def queue_analysis(
    *, letter: Letter, by=None, read_pdf: bool = False, memo_document: bytes | None = None, memo_name: str = ""
) -> LetterIntakeJob:
    """Queue the reading and analysis of ``letter`` for a worker; it starts once the current
    transaction commits. The page says 'analyse loopt' until it is done."""
    job = LetterIntakeJob.objects.create(
        letter=letter,
        read_pdf=read_pdf,
        memo_document=memo_document,
        memo_name=memo_name[:255],
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: publish_job(job.pk))
    return job


def publish_job(job_id: int) -> None:
    from ..tasks import run_intake_job

    try:
        run_intake_job.delay(job_id)
    except Exception:  # noqa: BLE001 - the broker is away: requeue_stale() queues it again later
        logger.warning("letters: analysis job %s not queued (broker unreachable); the sweep will", job_id)


def requeue_stale(*, older_than_seconds: int = 120) -> int:
    """Queue again the jobs that never reached a worker (broker away) or whose worker died."""
    now = timezone.now()
    waiting = LetterIntakeJob.objects.filter(
        state=IntakeJobState.QUEUED, created_at__lt=now - timezone.timedelta(seconds=older_than_seconds)
    )
    stuck = LetterIntakeJob.objects.filter(
        state=IntakeJobState.RUNNING,
        started_at__lt=now - timezone.timedelta(seconds=getattr(settings, "KT_LETTER_ANALYSIS_SECONDS", 300) + 60),
    )
    ids = list(waiting.values_list("pk", flat=True)[:500]) + list(stuck.values_list("pk", flat=True)[:500])
    for job_id in ids:
        publish_job(job_id)
    return len(ids)


def run_job(job_id: int) -> LetterIntakeJob | None:
    """Do one queued job: read what was uploaded (or fetch the open-data letter), then analyse.
    The job records how it ended; an upload's file is dropped once read."""
    with transaction.atomic():
        job = (
            LetterIntakeJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, state__in=[IntakeJobState.QUEUED, IntakeJobState.RUNNING])
            .first()
        )
        if job is None:
            return None
        job.state, job.started_at = IntakeJobState.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
    try:
        if job.source_url:
            from tkimport.letter_texts import fetch_and_analyse

            message = fetch_and_analyse(job)
        else:
            message = _read_and_analyse(job)
        job.state, job.message = IntakeJobState.DONE, message
    except IntakeError as error:
        job.state, job.message = IntakeJobState.FAILED, str(error)
    except Exception as error:
        logger.exception("letters: analysis job %s failed", job.pk)
        job.state = IntakeJobState.FAILED
        job.message = _("De analyse is afgebroken (%(error)s).") % {"error": type(error).__name__}
    job.memo_document, job.finished_at = None, timezone.now()
    job.save(update_fields=["state", "message", "memo_document", "finished_at"])
    return job


def _read_and_analyse(job: LetterIntakeJob) -> str:
    letter = job.letter
    updates = {}
    if job.read_pdf and letter.pdf:
        with letter.pdf.open("rb") as handle:
            updates["text"] = document_text(handle.read(), name=letter.pdf.name, max_chars=LETTER_TEXT_MAX)
    if job.memo_document:
        updates["decision_memo"] = document_text(
            bytes(job.memo_document), name=job.memo_name, max_chars=DECISION_MEMO_MAX
        )
    if updates:
        Letter.objects.filter(pk=letter.pk).update(**updates)
        letter.refresh_from_db()
    return summary_message(letter_analyse(letter=letter, by=job.created_by))


def summary_message(summary: IntakeSummary) -> str:
    return _("%(links)d voorgestelde koppeling(en) en %(follow_ups)d nieuwe toezegging(en).") % {
        "links": len(summary.link_proposals),
        "follow_ups": len(summary.follow_up_proposals),
    }
