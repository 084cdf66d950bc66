"""Celery tasks of the letter intake: thin wrappers around letters.intake."""

from celery import shared_task
from django.conf import settings

from . import intake

# A job that outlives this is stopped (soft: the job is marked failed; hard: the worker kills it and
# the sweep marks it again later). Reading a PDF has its own, shorter limit (KT_LETTER_PDF_SECONDS).
SOFT_LIMIT = getattr(settings, "KT_LETTER_ANALYSIS_SECONDS", 300)


@shared_task(
    name="letters.run_intake_job",
    ignore_result=True,
    acks_late=True,
    soft_time_limit=SOFT_LIMIT,
    time_limit=SOFT_LIMIT + 30,
)
def run_intake_job(job_id: int) -> str | None:
    job = intake.run_job(job_id)
    return job.state if job else None


@shared_task(name="letters.requeue_intake_jobs", ignore_result=True)
def requeue_intake_jobs() -> int:
    """Beat: queue again the analyses that never reached a worker."""
    return intake.requeue_stale()
