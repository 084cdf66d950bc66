"""The done-when test of the letter intake, driven through the admin views with the test client as
a staff user of the motion's ministry: upload the 2026 decision memo, get the proposals (motion
36 871, nr. 67 and a follow-up commitment due 2027-12-31), confirm them, send the letter through
the workflow buttons, and see the motion settled and the commitment made public."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment, CommitmentStatus
from letters.models import (
    FollowUpProposal,
    Letter,
    LetterAnalysisResult,
    LetterLink,
    LetterStatus,
    LinkEffect,
    LinkProposal,
    ProposalState,
)
from motions.models import MotionStatus
from tests.factories import MinistryFactory, make_staff
from tests.intake.helpers import MEMO, make_pdf, run_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ADD_URL = reverse("admin:letters_letter_add")


def change_form_data(response) -> dict:
    """What a browser would post back from the admin change/add form as rendered (files excluded)."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None or name in form.files or hasattr(value, "url") or name in ("pdf", "memo_upload"):
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value if isinstance(value, (list, tuple)) else str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        data[management.add_prefix("TOTAL_FORMS")] = management["INITIAL_FORMS"].value()
    return data


def upload_letter(client, ministry, *, run=True, **extra):
    """Post the add form; then (``run``) do the queued analysis as the worker would."""
    response = client.get(ADD_URL)
    assert response.status_code == 200
    data = change_form_data(response)
    data.update(
        subject="Uitvoering motie Ceder en Van Dijk over onderzoek naar vrijwillige terugkeer",
        ministry=str(ministry.pk),
        **extra,
    )
    response = client.post(ADD_URL, data)
    if run:
        run_jobs()
    return response


def review_form_data(response) -> dict:
    form = response.context["form"]
    data = {"confirm": "1"}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


def transition(client, letter, target):
    url = reverse("admin:letters_letter_transition", args=[letter.pk, target])
    response = client.post(url, {"reason": f"naar {target}"})
    assert response.status_code == 302, response.content[:500]
    return response


@pytest.fixture
def staff(ministry, client):
    user = make_staff("aenm-medewerker", ministry)
    client.force_login(user)
    return user


def test_decision_memo_upload_proposes_confirms_and_sending_settles(client, staff, ministry, motion_67):
    response = upload_letter(
        client, ministry, memo_upload=SimpleUploadedFile(MEMO.name, MEMO.read_bytes(), content_type="text/plain")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    letter = Letter.objects.get()
    assert "motie" in letter.decision_memo and letter.text == ""  # the memo stays out of the public text
    assert LetterAnalysisResult.objects.filter(letter=letter, source="decision_memo").exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Analyse loopt" in m for m in messages), messages
    assert letter.intake_jobs.get().message.startswith("1 voorgestelde koppeling")

    # the proposals: motion 36 871, nr. 67 (by its Kamerstuk, settling) and the 2027 follow-up
    proposal = LinkProposal.objects.get(letter=letter)
    assert proposal.motion == motion_67
    assert proposal.effect == LinkEffect.SETTLES and proposal.confidence == 1
    follow_up = FollowUpProposal.objects.get(letter=letter)
    assert follow_up.deadline_phrase == "in de loop van 2027"
    assert follow_up.deadline_latest == dt.date(2027, 12, 31)
    assert follow_up.motion == motion_67

    # review page: both proposed and checked
    intake_url = reverse("admin:letters_letter_intake", args=[letter.pk])
    page = client.get(intake_url)
    assert page.status_code == 200
    assert "36 871, nr. 67" in page.content.decode()
    # the evidence: the memo's sentence, with the words that say it settles the motion marked
    assert proposal.evidence_words and proposal.evidence_words in proposal.evidence
    assert f"<mark>{proposal.evidence_words}</mark>" in page.content.decode()
    assert follow_up.evidence_words == "in de loop van 2027" and "2027" in follow_up.evidence
    data = review_form_data(page)
    assert data[f"link_{proposal.pk}"] == "on" and data[f"followup_{follow_up.pk}"] == "on"
    response = client.post(intake_url, data)
    assert response.status_code == 302

    link = LetterLink.objects.get(letter=letter)
    assert link.motion == motion_67 and link.effect == LinkEffect.SETTLES
    commitment = Commitment.objects.get(source_letter=letter)
    assert commitment.motion == motion_67
    assert commitment.deadline_date == dt.date(2027, 12, 31)
    assert commitment.deadline_phrase == "in de loop van 2027"
    assert commitment.ministry == ministry
    assert commitment.is_public is False and commitment.status == CommitmentStatus.OPEN
    assert not Commitment.objects.public().filter(pk=commitment.pk).exists()
    assert set(LinkProposal.objects.values_list("state", flat=True)) == {ProposalState.CONFIRMED}
    assert FollowUpProposal.objects.get().commitment == commitment

    # the workflow buttons: concept -> ter besluitvorming -> vastgesteld -> verzonden
    change_page = client.get(reverse("admin:letters_letter_change", args=[letter.pk]))
    assert intake_url in change_page.content.decode()
    for target in (LetterStatus.FOR_DECISION, LetterStatus.APPROVED, LetterStatus.SENT):
        transition(client, letter, target)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.sent_at is not None

    motion_67.refresh_from_db()
    assert motion_67.status == MotionStatus.SETTLED
    steps = [(e.from_status, e.to_status, e.letter_id) for e in motion_67.events.order_by("at", "id")][-2:]
    assert steps == [
        (MotionStatus.ADOPTED, MotionStatus.IN_PROGRESS, letter.pk),
        (MotionStatus.IN_PROGRESS, MotionStatus.SETTLED, letter.pk),
    ]
    assert str(letter) in motion_67.events.latest().reason
    commitment.refresh_from_db()
    assert commitment.is_public is True and commitment.deadline_date == dt.date(2027, 12, 31)
    assert commitment.events.first().by == staff


def test_pdf_memo_upload_proposes_the_motion_and_the_follow_up(client, staff, ministry, motion_67):
    pdf = make_pdf(MEMO.read_text(encoding="utf-8"))
    response = upload_letter(
        client, ministry, memo_upload=SimpleUploadedFile("beslisnota.pdf", pdf, content_type="application/pdf")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    letter = Letter.objects.get()
    assert LinkProposal.objects.get(letter=letter).motion == motion_67
    assert [p.deadline_latest for p in FollowUpProposal.objects.filter(letter=letter)] == [dt.date(2027, 12, 31)]


def test_letter_pdf_is_read_into_the_text(client, staff, ministry, motion_67):
    pdf = make_pdf(MEMO.read_text(encoding="utf-8"))
    response = upload_letter(client, ministry, pdf=SimpleUploadedFile("brief.pdf", pdf, content_type="application/pdf"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    letter = Letter.objects.get()
    assert "36 871" in letter.text and letter.pdf.name.endswith(".pdf")
    assert letter.date == dt.date(2026, 4, 7)  # filled from the analysis of the letter's own text
    assert LinkProposal.objects.get(letter=letter).motion == motion_67


def test_pasted_text_is_analysed(client, staff, ministry, motion_67):
    response = upload_letter(client, ministry, decision_memo=MEMO.read_text(encoding="utf-8"))
    assert response.status_code == 302
    assert LinkProposal.objects.get().motion == motion_67


@pytest.mark.parametrize("field", ["pdf", "memo_upload"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (make_pdf("Geheim", password="geheim"), "wachtwoord"),
        (b"%PDF-1.4\n garbage \x00\xff not a pdf at all", "beschadigd"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "geen PDF"),
    ],
)
def test_unreadable_pdf_gives_a_clear_message(client, staff, ministry, field, content, message):
    """The letter's PDF must look like one (checked in the request); whether it can be read is found
    by the worker, whose message the intake page shows."""
    response = upload_letter(client, ministry, **{field: SimpleUploadedFile("brief.pdf", content)})
    if field == "pdf" and message == "geen PDF":
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert message in " ".join(errors.get(field, [])), errors
        assert not Letter.objects.exists()
        return
    assert response.status_code == 302
    letter = Letter.objects.get()
    job = letter.intake_jobs.get()
    assert job.state == "mislukt" and message in job.message, job.message
    assert (letter.text, letter.decision_memo) == ("", "")
    page = client.get(reverse("admin:letters_letter_intake", args=[letter.pk])).content.decode()
    assert message in page


def test_upload_size_limit(client, staff, ministry, settings):
    settings.KT_LETTER_UPLOAD_MAX_BYTES = 1024
    response = upload_letter(client, ministry, memo_upload=SimpleUploadedFile("memo.txt", b"tekst " * 400))
    assert response.status_code == 200
    assert "maximum" in " ".join(response.context["adminform"].form.errors["memo_upload"])


def test_other_file_types_are_refused(client, staff, ministry):
    response = upload_letter(client, ministry, memo_upload=SimpleUploadedFile("memo.docx", b"PK\x03\x04 zip"))
    assert response.status_code == 200
    assert ".docx" in " ".join(response.context["adminform"].form.errors["memo_upload"])


def test_rejected_proposals_make_nothing_and_corrections_are_kept(client, staff, ministry, motion_67):
    upload_letter(client, ministry, decision_memo=MEMO.read_text(encoding="utf-8"))
    letter = Letter.objects.get()
    proposal, follow_up = LinkProposal.objects.get(), FollowUpProposal.objects.get()
    intake_url = reverse("admin:letters_letter_intake", args=[letter.pk])
    data = review_form_data(client.get(intake_url))
    data.pop(f"link_{proposal.pk}")  # unchecked: rejected
    data[f"followup_{follow_up.pk}_phrase"] = "voor de zomer van 2027"
    assert client.post(intake_url, data).status_code == 302
    assert not LetterLink.objects.exists()
    assert LinkProposal.objects.get().state == ProposalState.REJECTED
    commitment = Commitment.objects.get(source_letter=letter)
    assert commitment.deadline_phrase == "voor de zomer van 2027"
    assert commitment.motion == motion_67
    # a re-analysis does not propose the rejected motion again
    client.post(intake_url, {"analyse": "1"})
    assert LinkProposal.objects.get().state == ProposalState.REJECTED


def test_bad_corrected_deadline_is_a_form_error(client, staff, ministry, motion_67):
    upload_letter(client, ministry, decision_memo=MEMO.read_text(encoding="utf-8"))
    letter, follow_up = Letter.objects.get(), FollowUpProposal.objects.get()
    intake_url = reverse("admin:letters_letter_intake", args=[letter.pk])
    data = review_form_data(client.get(intake_url))
    data[f"followup_{follow_up.pk}_phrase"] = "ooit eens"
    response = client.post(intake_url, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Commitment.objects.exists() and not LetterLink.objects.exists()


def test_staff_of_another_ministry_cannot_review(client, ministry, motion_67):
    owner = make_staff("eigenaar", ministry)
    client.force_login(owner)
    upload_letter(client, ministry, decision_memo=MEMO.read_text(encoding="utf-8"))
    letter = Letter.objects.get()
    client.force_login(make_staff("ander", MinistryFactory()))
    intake_url = reverse("admin:letters_letter_intake", args=[letter.pk])
    assert client.get(intake_url).status_code in (403, 404)
    assert client.post(intake_url, {"confirm": "1", f"link_{LinkProposal.objects.get().pk}": "on"}).status_code in (
        403,
        404,
    )
    assert not LetterLink.objects.exists()


def test_sent_letter_review_page_and_reanalysis(client, staff, ministry, motion_67):
    from tests.factories import make_letter

    letter = make_letter(ministry=ministry, status=LetterStatus.SENT, decision_memo=MEMO.read_text(encoding="utf-8"))
    intake_url = reverse("admin:letters_letter_intake", args=[letter.pk])
    page = client.get(intake_url)
    assert page.status_code == 200 and "verzonden" in page.content.decode()
    response = client.post(intake_url, {"analyse": "1"}, follow=True)
    assert response.status_code == 200
    assert any("Analyse loopt" in str(m) for m in response.context["messages"])
    running = client.get(intake_url).content.decode()
    assert "Analyse loopt" in running and 'http-equiv="refresh"' in running
    run_jobs()
    done = client.get(intake_url)
    assert "Analyse loopt" not in done.content.decode() and 'http-equiv="refresh"' not in done.content.decode()
    # a sent letter: confirming settles the motion at once
    response = client.post(intake_url, review_form_data(done))
    assert response.status_code == 302
    motion_67.refresh_from_db()
    assert motion_67.status == MotionStatus.SETTLED
    assert Commitment.objects.get(source_letter=letter).is_public is True
    assert client.get(reverse("admin:letters_letter_intake", args=[letter.pk + 999])).status_code == 404


def test_memo_text_longer_than_the_field_is_refused_and_not_stored(client, staff, ministry):
    from core.fields import DECISION_MEMO_MAX

    big = ("motie " * (DECISION_MEMO_MAX // 6 + 10)).encode()
    response = upload_letter(
        client, ministry, memo_upload=SimpleUploadedFile("memo.txt", big, content_type="text/plain")
    )
    assert response.status_code == 200
    assert "het maximum is 200.000" in str(response.context["adminform"].form.errors)
    assert not Letter.objects.exists()


def test_pdf_text_longer_than_the_field_is_refused_by_the_worker_and_not_stored(client, staff, ministry, settings):
    from core import fields

    settings.KT_LETTER_PDF_MAX_PAGES = 1000
    pdf = make_pdf(MEMO.read_text(encoding="utf-8") * 40)  # about 290,000 characters of text
    assert len(MEMO.read_text(encoding="utf-8")) * 40 > fields.DECISION_MEMO_MAX
    response = upload_letter(
        client, ministry, memo_upload=SimpleUploadedFile("memo.pdf", pdf, content_type="application/pdf")
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    job = letter.intake_jobs.get()
    assert job.state == "mislukt" and "langer dan 200.000 tekens" in job.message, job.message
    assert letter.decision_memo == "" and job.memo_document is None
    page = client.get(reverse("admin:letters_letter_intake", args=[letter.pk])).content.decode()
    assert "De laatste analyse is mislukt" in page and "langer dan 200.000 tekens" in page
