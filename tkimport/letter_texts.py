"""The texts of the letters the open-data import brings, read and analysed without an upload.

Every ``Brief regering`` Document the import stages gets one :class:`letters.models.LetterIntakeJob`
(:func:`queue_letter_texts`, called at the end of a network import), done by a worker like an upload:
the Document's resource (``{base}Document({id})/resource``, the PDF) is fetched with a size cap and a
timeout, read in a child process held to the intake's page, text, time and memory limits, and
analysed (:func:`fetch_and_analyse`). The proposals then wait on the letter's "Analyse en voorstellen"
page, as for an uploaded letter.

A letter whose subject names no motion is not made by the import (it stays staged). Its text is
fetched all the same; when the analysis finds a motion or commitment the tracker follows, the letter
is made then -- by the import's own :class:`~tkimport.upsert.LetterWriter`, so it is sent and marked
exactly as the import's other letters -- and gets the proposals. Otherwise nothing is made and the job
says so; the document is not fetched again (one job per document).

The newest letters go first, at most ``KT_LETTER_TEXTS_PER_RUN`` per import run, so a first import
of years of letters fetches them over several nights.
"""

from __future__ import annotations

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Subquery
from django.utils.translation import gettext as _

from core.fields import LETTER_TEXT_MAX
from letters import intake
from letters.models import Letter, LetterIntakeJob

from . import mapping
from .models import TkRecord

__all__ = ["fetch_and_analyse", "queue_letter_texts", "resource_url"]


def resource_url(base_url: str, document_id) -> str:
    return f"{base_url.rstrip('/')}/Document({document_id})/resource"


def queue_letter_texts(*, base_url: str, limit: int | None = None) -> int:
    """One analysis job per staged 'Brief regering' PDF that has none yet, newest first; each is
    queued for the worker when the transaction commits. Returns how many were queued."""
    limit = limit if limit is not None else getattr(settings, "KT_LETTER_TEXTS_PER_RUN", 200)
    done = LetterIntakeJob.objects.filter(tk_document_id__isnull=False).values("tk_document_id")
    records = (
        TkRecord.objects.filter(entity="Document", data__Soort=mapping.LETTER_DOCUMENT_KIND)
        .exclude(tk_id__in=Subquery(done))
        .order_by("-data__Datum", "tk_id")
    )
    queued = 0
    for tk_id, data in records.values_list("tk_id", "data")[: limit * 2]:
        if queued >= limit:
            break
        if mapping.is_deleted(data) or "pdf" not in str(data.get("ContentType") or "application/pdf").lower():
            continue
        with transaction.atomic():
            job = LetterIntakeJob.objects.create(
                letter=Letter.objects.filter(tk_id=tk_id).first(),
                tk_document_id=tk_id,
                source_url=resource_url(base_url, tk_id),
            )
            transaction.on_commit(lambda pk=job.pk: intake.publish_job(pk))
        queued += 1
    return queued


def _download(url: str) -> bytes:
    limit = intake.max_upload_bytes()
    try:
        with httpx.stream("GET", url, timeout=30, follow_redirects=True) as response:
            if response.status_code == 404:
                raise intake.IntakeError(_("Het document staat niet (meer) bij de bron (404)."))
            response.raise_for_status()
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > limit:
                    raise intake.IntakeError(
                        _("Het document is groter dan %(max).1f MB; het is niet gelezen.") % {"max": limit / 2**20}
                    )
            return bytes(data)
    except httpx.HTTPError as error:
        raise intake.IntakeError(_("Het document kon niet worden opgehaald (%(error)s).") % {"error": error}) from error


def _answers_something(data: dict) -> bool:
    """Whether the analysis names a motion or commitment the tracker follows."""
    dossiers = intake.letter_dossiers(Letter(), [data])
    return any(intake.match_motion(found, dossiers) for found in data.get("motions", [])) or any(
        intake.match_commitment(found, Letter()) for found in data.get("commitments", [])
    )


def _make_letter(tk_id) -> Letter | None:
    """The letter of a staged Document, made as the import makes its letters (sent, on its timeline)."""
    from .services import Report
    from .upsert import LetterWriter, RefCache

    report = Report()
    LetterWriter(report, RefCache()).apply_chunk([str(tk_id)], wanted=True)
    return Letter.objects.filter(tk_id=tk_id).first()


def fetch_and_analyse(job: LetterIntakeJob) -> str:
    """Fetch the job's letter PDF, read it within the limits and analyse it (see the module docs).
    Raises :class:`letters.intake.IntakeError` with a message for the job when it cannot."""
    text = intake.document_text(_download(job.source_url), name="brief.pdf", max_chars=LETTER_TEXT_MAX)
    letter = job.letter or Letter.objects.filter(tk_id=job.tk_document_id).first()
    if letter is None:
        if not _answers_something(intake.analyse_text(text)):
            return _("Geen motie of toezegging gevonden die de tracker volgt; er is geen brief gemaakt.")
        letter = _make_letter(job.tk_document_id)
        if letter is None:
            raise intake.IntakeError(_("De brief kon niet uit de open data worden gemaakt."))
        LetterIntakeJob.objects.filter(pk=job.pk).update(letter=letter)
    if not letter.text.strip():
        Letter.objects.filter(pk=letter.pk).update(text=text)
        letter.refresh_from_db()
    return intake.summary_message(intake.letter_analyse(letter=letter))
