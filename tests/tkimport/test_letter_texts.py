"""Sent letters arrive without an upload: the network import queues the text of every 'Brief regering';
the worker fetches the Document's resource (a real letter PDF built from the shared letters, served by
the local OData server) and analyses it, and the proposals wait in the admin. That includes a letter
whose subject names no Kamerstuk: it is made once its text names a motion the tracker follows."""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from letters.models import IntakeJobState, Letter, LetterIntakeJob, LetterStatus, LinkEffect, LinkProposal
from motions.models import MotionStatus
from motions.services import motion_create, motion_record_vote
from tests.intake.helpers import CORPUS, make_pdf, run_jobs
from tests.tkimport.support import ODataServer, corpus_entities
from tkimport.reader import ODataClient
from tkimport.services import run_import

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

CONTROL = "2f0dec7f-4a17-4c17-9a10-e739a7b3729e"  # 2025D20478: its subject names no Kamerstuk
HIJUM = CORPUS / "2014-wodc-zelfstandige-terugkeer-motie-van-hijum.txt"
NOTHING = CORPUS / "2023-wodc-intergovernmental-relations-return.txt"


class ServerWithResources(ODataServer):
    """The import tests' OData server, also serving ``Document(<id>)/resource`` (the letter's PDF)."""

    def __init__(self, entities, resources):
        super().__init__(entities)
        self.resources = resources

    def handle(self, request):
        path = urlparse(request.path).path
        if not path.endswith("/resource"):
            return super().handle(request)
        document_id = path.rsplit("/", 2)[-2].removeprefix("Document(").removesuffix(")")
        self.requests[("resource", document_id)] += 1
        body = self.resources.get(document_id)
        request.send_response(200 if body else 404)
        request.send_header("Content-Type", "application/pdf")
        request.send_header("Content-Length", str(len(body or b"")))
        request.end_headers()
        request.wfile.write(body or b"")


@pytest.fixture
def server():
    letters = list(corpus_entities()["Document"])
    resources = {record["Id"]: make_pdf(NOTHING.read_text(encoding="utf-8")) for record in letters}
    resources[CONTROL] = make_pdf(HIJUM.read_text(encoding="utf-8"))
    del resources["128c828a-74f9-41da-9c45-4232c61b5e96"]  # one the source no longer has (404)
    srv = ServerWithResources(corpus_entities(), resources)
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def motion_63():
    motion = motion_create(ref="33 750 VI, nr. 63", title="Motie van het lid Van Hijum over zelfstandige terugkeer")
    motion_record_vote(motion=motion, outcome=MotionStatus.ADOPTED, vote_date=dt.date(2013, 11, 26))
    motion.refresh_from_db()
    return motion


def test_an_imported_letter_gets_proposals_without_an_upload(server, client):
    motion = motion_63()
    run = run_import(client=ODataClient(server.url, attempts=2, backoff=0.01, timeout=5))
    made_by_import = set(Letter.objects.values_list("tk_id", flat=True))
    assert run.stats["letter_texts_queued"] == LetterIntakeJob.objects.count() == 11  # every 'Brief regering'
    assert not Letter.objects.filter(tk_id=CONTROL).exists()  # the import alone does not make it
    run_jobs()
    letter = Letter.objects.get(tk_id=CONTROL)
    assert letter.status == LetterStatus.SENT and letter.document_number == "2025D20478"
    assert "Van Hijum" in letter.text
    proposal = LinkProposal.objects.get(letter=letter)
    assert (proposal.motion, proposal.effect) == (motion, LinkEffect.SETTLES)
    assert proposal.evidence_words and proposal.evidence_words in proposal.evidence

    for job in LetterIntakeJob.objects.all():
        key = str(job.tk_document_id)
        if key not in server.resources:
            assert job.state == IntakeJobState.FAILED and "404" in job.message, job.message
        elif key == CONTROL:
            assert job.state == IntakeJobState.DONE and job.letter == letter
        elif job.tk_document_id not in made_by_import:
            assert job.state == IntakeJobState.DONE and "geen brief gemaakt" in job.message, job.message
    assert set(Letter.objects.values_list("tk_id", flat=True)) == made_by_import | {letter.tk_id}

    # a superuser reviews it (it has no ministry yet) and confirming settles the motion at once
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw-long-enough-1"))
    page = client.get(reverse("admin:letters_letter_intake", args=[letter.pk]))
    assert page.status_code == 200 and f"<mark>{proposal.evidence_words}</mark>" in page.content.decode()
    response = client.post(
        reverse("admin:letters_letter_intake", args=[letter.pk]),
        {"confirm": "1", f"link_{proposal.pk}": "on", f"link_{proposal.pk}_effect": "afdoen"},
    )
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SETTLED

    # the next import fetches nothing again
    fetched = sum(n for (kind, _id), n in server.requests.items() if kind == "resource")
    again = run_import(client=ODataClient(server.url, attempts=2, backoff=0.01, timeout=5))
    assert again.stats.get("letter_texts_queued", 0) == 0
    run_jobs()
    assert sum(n for (kind, _id), n in server.requests.items() if kind == "resource") == fetched


def test_a_letter_the_import_made_gets_its_text_and_proposals(server):
    """2025D19427 names motion 33835-242 in its subject, so the import makes it; its PDF (here the Van
    Hijum letter's text) is read into the letter and analysed."""
    named = motion_create(ref="33835-242", title="Motie Ouwehand c.s.")
    motion = motion_63()
    server.resources["4c9fddbe-6be1-443e-a4e8-7f946af55e50"] = make_pdf(HIJUM.read_text(encoding="utf-8"))
    run_import(client=ODataClient(server.url, attempts=2, backoff=0.01, timeout=5))
    letter = Letter.objects.get(document_number="2025D19427")
    assert [link.motion for link in letter.links.all()] == [named]  # from the subject, by the import
    assert letter.text == ""
    run_jobs()
    letter.refresh_from_db()
    assert "Van Hijum" in letter.text
    assert LinkProposal.objects.get(letter=letter).motion == motion
