"""Issue 14, finding 7: PDF and text analysis run outside the web request, in a real Celery worker on
real Redis. The crafted PDF of the finding (200 pages sharing one content stream, 33 KB; about half a
second a page in pypdf, so some 2 minutes in a request) is refused by the worker while the upload
answers at once; a real memo is read and analysed there and its proposals appear."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from letters.models import IntakeJobState, Letter, LinkProposal
from tests.factories import make_staff
from tests.intake.helpers import MEMO, crafted_pdf, make_pdf
from tests.intake.test_admin_intake import ADD_URL, change_form_data
from tests.notifications.support import fast_outbox, smtp, wait_for, worker  # noqa: F401

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]


def post_memo(client, ministry, name: str, data: bytes) -> tuple[object, float]:
    form = change_form_data(client.get(ADD_URL))
    form.update(
        subject=f"Brief met {name}",
        ministry=str(ministry.pk),
        memo_upload=SimpleUploadedFile(name, data, content_type="application/pdf"),
    )
    started = time.perf_counter()
    response = client.post(ADD_URL, form)
    return response, time.perf_counter() - started


def job_of(letter):
    return letter.intake_jobs.get()


def test_crafted_pdf_is_refused_in_the_worker_and_the_request_answers_at_once(client, worker, ministry, motion_67):  # noqa: F811
    client.force_login(make_staff("aenm-medewerker", ministry))
    attack = crafted_pdf()
    assert len(attack) < 40_000
    response, seconds = post_memo(client, ministry, "aanval.pdf", attack)
    assert response.status_code == 302
    assert seconds < 1, f"the upload took {seconds:.2f} s"
    letter = Letter.objects.get(subject="Brief met aanval.pdf")
    intake_url = reverse("admin:letters_letter_intake", args=[letter.pk])
    page = client.get(intake_url).content.decode()
    assert "Analyse loopt" in page and 'http-equiv="refresh"' in page  # no worker yet: it waits

    worker()
    wait_for(lambda: not job_of(letter).is_pending, timeout=60, what="the worker to finish the job")
    job = job_of(letter)
    assert job.state == IntakeJobState.FAILED
    assert "200 pagina's; het maximum is 100" in job.message
    assert job.finished_at and (job.finished_at - job.started_at).total_seconds() < 10
    page = client.get(intake_url).content.decode()
    assert "Analyse loopt" not in page and "200 pagina" in page
    letter.refresh_from_db()
    assert letter.decision_memo == ""

    # the same worker reads a real memo and proposes what it settles
    response, seconds = post_memo(client, ministry, "beslisnota.pdf", make_pdf(MEMO.read_text(encoding="utf-8")))
    assert response.status_code == 302 and seconds < 1
    memo_letter = Letter.objects.get(subject="Brief met beslisnota.pdf")
    wait_for(lambda: not job_of(memo_letter).is_pending, timeout=60, what="the memo to be analysed")
    assert job_of(memo_letter).state == IntakeJobState.DONE, job_of(memo_letter).message
    proposal = LinkProposal.objects.get(letter=memo_letter)
    assert proposal.motion == motion_67 and proposal.evidence_words
    page = client.get(reverse("admin:letters_letter_intake", args=[memo_letter.pk])).content.decode()
    assert f"<mark>{proposal.evidence_words}</mark>" in page
