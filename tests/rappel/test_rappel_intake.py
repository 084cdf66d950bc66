"""senate.rappel: the rappel intake on the real excerpts, against PostgreSQL, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from commitments.models import Commitment, CommitmentEvent, CommitmentStatus
from core.models import Chamber, StatusEventBase
from senate import rappel
from senate.models import RappelIntake
from tests.factories import MinistryFactory, make_commitment, make_staff
from tests.parsing.test_rappel import NOTES_KOREL, PAGES, RAPPEL_BZK, RAPPEL_TABLE
from tests.senate import rappel_record

pytestmark = pytest.mark.django_db
Kind = StatusEventBase.Kind


@pytest.fixture
def bzk():
    return MinistryFactory(abbreviation="BZK", name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")


@pytest.fixture
def staff(bzk):
    return make_staff("bzk-staff", bzk)


@pytest.fixture
def other_staff():
    return make_staff("jenv-staff", MinistryFactory(abbreviation="JenV", name="Ministerie van Justitie en Veiligheid"))


def paste(text, user, **kwargs):
    intake = rappel.rappel_intake_create(text=text, by=user, **kwargs)
    return intake, rappel.rappel_proposals(intake=intake, user=user)


def confirm_all(intake, proposals, user):
    return rappel.rappel_confirm(intake=intake, accepted={p.number: p.key for p in proposals if p.actionable}, by=user)


def events(commitment):
    return list(commitment.events.order_by("id").values_list("kind", flat=True))


def test_a_new_rappel_proposes_and_creates_the_complete_records(staff, bzk):
    intake, proposals = paste(PAGES[RAPPEL_BZK], staff)
    assert (intake.ministry, intake.rappel_name, intake.rappel_until) == (
        bzk,
        "Rappel toezeggingen september 2025",
        dt.date(2025, 7, 2),
    )
    assert [(p.number, p.action) for p in proposals] == [("T01237", rappel.NEW), ("T02615", rappel.SKIPPED)]
    assert "de tekst houdt midden in deze toezegging op" in proposals[1].notes[0]
    assert not Commitment.objects.exists(), "nothing changes before a person confirms"

    outcome = confirm_all(intake, proposals, staff)
    commitment = Commitment.objects.get()
    assert [c.senate_number for c in outcome.created] == ["T01237"]
    assert (commitment.chamber, commitment.senate_number, commitment.ministry, commitment.status) == (
        Chamber.EERSTE_KAMER,
        "T01237",
        bzk,
        CommitmentStatus.OPEN,
    )
    assert (commitment.made_on, commitment.deadline_date, commitment.deadline_phrase) == (
        dt.date(2009, 4, 7),
        dt.date(2024, 1, 1),
        "1 januari 2024",
    )
    assert commitment.committee == "commissie voor Binnenlandse Zaken (BIZA)"
    assert (commitment.activity_type, commitment.category) == ("Schriftelijk overleg", "overig")
    assert commitment.subjects == ["discriminatie", "gelijke behandeling", "richtlijnen"]
    assert commitment.responsible_minister_list() == ["Minister van Binnenlandse Zaken en Koninkrijksrelaties"]
    assert commitment.former_responsible_minister_list() == ["Staatssecretaris van Buitenlandse Zaken"]
    assert sorted(d.number for d in commitment.senate_dossiers.all()) == ["22112", "31544"]
    assert dict(commitment.senate_dossiers.values_list("number", "title"))["31544"] == (
        "Europees voorstel voor richtlijn gelijke behandeling"
    )
    assert list(commitment.passages.values_list("citation", flat=True)) == [
        "Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 2",
        "Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3",
    ]
    assert events(commitment) == [Kind.CREATED]
    assert commitment.events.get().by == staff
    intake.refresh_from_db()
    assert (intake.confirmed_by, intake.outcome["created"]) == (staff, ["T01237"])


def test_pasting_the_same_rappel_twice_changes_nothing_the_second_time(staff):
    intake, proposals = paste(PAGES[RAPPEL_BZK], staff)
    confirm_all(intake, proposals, staff)
    before = (Commitment.objects.count(), CommitmentEvent.objects.count(), Commitment.objects.get().version)

    again, proposals = paste(PAGES[RAPPEL_BZK], staff)
    assert [(p.number, p.action, p.changes) for p in proposals] == [
        ("T01237", rappel.UNCHANGED, []),
        ("T02615", rappel.SKIPPED, []),
    ]
    # Confirming everything (even what has nothing to do) changes nothing.
    outcome = rappel.rappel_confirm(intake=again, accepted={p.number: p.key for p in proposals}, by=staff)
    assert (outcome.created, outcome.status_changes, outcome.deadline_events, outcome.updates) == ([], 0, 0, 0)
    assert (Commitment.objects.count(), CommitmentEvent.objects.count(), Commitment.objects.get().version) == before


def test_a_changed_deadline_yields_one_proposal_and_one_deadline_event(staff):
    intake, proposals = paste(PAGES[RAPPEL_BZK], staff)
    confirm_all(intake, proposals, staff)
    commitment = Commitment.objects.get()

    moved = PAGES[RAPPEL_BZK].replace("Deadline 1 januari 2024", "Deadline 1 juli 2026")
    intake, proposals = paste(moved, staff)
    actionable = [p for p in proposals if p.actionable]
    assert len(actionable) == 1
    assert [(c.field, c.old, c.new) for c in actionable[0].changes] == [("deadline", "01-01-2024", "01-07-2026")]
    confirm_all(intake, proposals, staff)

    commitment.refresh_from_db()
    assert (commitment.deadline_date, commitment.deadline_phrase) == (dt.date(2026, 7, 1), "1 juli 2026")
    assert events(commitment) == [Kind.CREATED, Kind.DEADLINE]
    event = commitment.events.get(kind=Kind.DEADLINE)
    assert (event.old_deadline_date, event.new_deadline_date, event.by) == (
        dt.date(2024, 1, 1),
        dt.date(2026, 7, 1),
        staff,
    )
    assert event.reason == "Volgens Rappel toezeggingen september 2025"
    # And once more: nothing left to do.
    _again, proposals = paste(moved, staff)
    assert not [p for p in proposals if p.actionable]


def test_status_and_minister_changes_go_through_the_workflow_and_the_update_service(staff):
    intake, proposals = paste(PAGES[RAPPEL_BZK], staff)
    confirm_all(intake, proposals, staff)
    changed = (
        PAGES[RAPPEL_BZK]
        .replace("Status openstaand", "Status deels voldaan")
        .replace(
            "Huidige Verantwoordelijke(n) Minister van Binnenlandse Zaken en Koninkrijksrelaties",
            "Huidige Verantwoordelijke(n) Minister van Volkshuisvesting en Ruimtelijke Ordening",
        )
    )
    intake, proposals = paste(changed, staff)
    assert [c.field for c in proposals[0].changes] == ["status", "responsible_ministers"]
    confirm_all(intake, proposals, staff)
    commitment = Commitment.objects.get()
    assert commitment.status == CommitmentStatus.PARTLY_FULFILLED
    assert commitment.responsible_minister_list() == ["Minister van Volkshuisvesting en Ruimtelijke Ordening"]
    assert events(commitment) == [Kind.CREATED, Kind.STATUS, Kind.UPDATED]
    assert commitment.events.get(kind=Kind.UPDATED).changed_fields == ["responsible_ministers"]

    # Back to 'openstaand' is not a step the workflow allows: shown, not proposed.
    _intake, proposals = paste(PAGES[RAPPEL_BZK], staff)
    assert [c.field for c in proposals[0].changes] == ["responsible_ministers"]
    assert "de workflow staat die niet toe" in proposals[0].notes[0]


def test_the_table_form_creates_its_record(staff, bzk):
    intake, proposals = paste(PAGES[RAPPEL_TABLE], staff)  # no header: the staff's own ministry
    assert intake.ministry == bzk
    assert [(p.number, p.action) for p in proposals] == [("T01970", rappel.NEW)]
    confirm_all(intake, proposals, staff)
    commitment = Commitment.objects.get()
    assert (commitment.status, commitment.deadline_date) == (CommitmentStatus.PARTLY_FULFILLED, dt.date(2025, 7, 1))
    assert [d.number for d in commitment.senate_dossiers.all()] == ["33344"]
    assert not commitment.passages.exists()  # the excerpt stops before the passage's text


def test_committee_decisions_update_known_commitments_only(staff, bzk):
    known = make_commitment(
        ministry=bzk, chamber=Chamber.EERSTE_KAMER, senate_number="T03272", deadline_phrase="1 juli 2022"
    )
    intake, proposals = paste(PAGES[NOTES_KOREL], staff)
    by_number = {p.number: p for p in proposals}
    assert by_number["T03272"].action == rappel.UPDATE
    assert [(c.field, c.new) for c in by_number["T03272"].changes] == [("deadline", "01-10-2022")]
    assert {p.action for n, p in by_number.items() if n != "T03272"} == {rappel.SKIPPED}
    confirm_all(intake, proposals, staff)
    known.refresh_from_db()
    assert known.deadline_date == dt.date(2022, 10, 1)
    assert Commitment.objects.count() == 1


def test_staff_act_for_their_own_ministry_only(staff, other_staff, bzk):
    with pytest.raises(rappel.RappelIntakeError, match="u werkt voor een ander ministerie"):
        rappel.rappel_intake_create(text=PAGES[RAPPEL_BZK], by=other_staff)
    # A T-number the tracker keeps under another ministry is not touched from this rappel.
    make_commitment(
        ministry=other_staff.staff_profile.ministry,
        chamber=Chamber.EERSTE_KAMER,
        senate_number="T01237",
        deadline_phrase="1 januari 2020",
    )
    _intake, proposals = paste(PAGES[RAPPEL_BZK], staff)
    assert proposals[0].action == rappel.SKIPPED
    assert "valt onder een ander ministerie" in proposals[0].notes[0]
    # Nor can someone of another ministry confirm this ministry's intake.
    intake = RappelIntake.objects.get()
    with pytest.raises(rappel.RappelIntakeError):
        rappel.rappel_confirm(intake=intake, accepted={}, by=other_staff)


def test_a_superuser_acts_for_every_ministry_and_names_one_when_the_page_does_not(bzk):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123-secret!")
    intake, _proposals = paste(PAGES[RAPPEL_BZK], admin)
    assert intake.ministry == bzk
    with pytest.raises(rappel.RappelIntakeError, match="kies het ministerie"):
        rappel.rappel_intake_create(text=PAGES[RAPPEL_TABLE], by=admin)
    other = MinistryFactory(abbreviation="X", name="Ministerie van X")
    with pytest.raises(rappel.RappelIntakeError, match="niet voor"):
        rappel.rappel_intake_create(text=PAGES[RAPPEL_BZK], by=admin, ministry=other)
    assert rappel.rappel_intake_create(text=PAGES[RAPPEL_TABLE], by=admin, ministry=other).ministry == other


def test_a_proposal_that_changed_since_it_was_shown_is_refused(staff):
    intake, proposals = paste(PAGES[RAPPEL_BZK], staff)
    confirm_all(intake, proposals, staff)
    moved = PAGES[RAPPEL_BZK].replace("Deadline 1 januari 2024", "Deadline 1 juli 2026")
    intake, proposals = paste(moved, staff)
    from core import deadlines

    deadlines.set_deadline(item=Commitment.objects.get(), phrase="1 maart 2026", by=staff)
    count = CommitmentEvent.objects.count()
    with pytest.raises(rappel.RappelIntakeError, match="gewijzigd sinds"):
        confirm_all(intake, proposals, staff)
    assert CommitmentEvent.objects.count() == count
    assert Commitment.objects.get().deadline_date == dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Geen toezeggingen gevonden"),
        ("Dit is geen rappel.\n" * 100, "Geen toezeggingen gevonden"),
        ("x" * 2_000_001, "te lang"),
    ],
)
def test_garbage_and_huge_text_are_refused(staff, text, message):
    with pytest.raises(rappel.RappelIntakeError, match=message):
        rappel.rappel_intake_create(text=text, by=staff)
    assert not RappelIntake.objects.exists()


def test_uploads_are_checked_in_the_service():
    page = b"<html><body><p>Toezegging X (T01237)</p></body></html>"
    assert rappel.upload_text(page, name="rappel.html", content_type="text/html").splitlines() == [
        "Toezegging X (T01237)"
    ]
    assert rappel.upload_text(b"Toezegging X (T01237)", name="r.txt", content_type="text/plain")
    for data, name, content_type, message in [
        (b"%PDF-1.7", "rappel.pdf", "application/pdf", "Alleen een opgeslagen pagina"),
        (page, "rappel.html", "application/pdf", "Alleen een opgeslagen pagina"),
        (page, "rappel.exe", "text/html", "Alleen een opgeslagen pagina"),
        (b"\x00\x01" * 10, "rappel.txt", "text/plain", "binaire gegevens"),
        (b"x" * (rappel.max_upload_bytes() + 1), "rappel.txt", "text/plain", "het maximum is"),
    ]:
        with pytest.raises(rappel.RappelIntakeError, match=message):
            rappel.upload_text(data, name=name, content_type=content_type)


def test_the_proposals_take_a_fixed_number_of_queries(staff, bzk, django_assert_num_queries):
    lines = []
    for n in range(30):
        make_commitment(
            ministry=bzk, chamber=Chamber.EERSTE_KAMER, senate_number=f"T0{n + 3000}", deadline_phrase="1 januari 2024"
        )
        lines.append(rappel_record(f"Nummer {n}", f"T0{n + 3000}"))
    few = RappelIntake.objects.create(ministry=bzk, text=lines[0])
    many = RappelIntake.objects.create(ministry=bzk, text="".join(lines))
    user = get_user_model().objects.get(pk=staff.pk)
    with django_assert_num_queries(4) as few_queries:
        assert len(rappel.rappel_proposals(intake=few, user=user)) == 1
    user = get_user_model().objects.get(pk=staff.pk)
    with django_assert_num_queries(len(few_queries.captured_queries)):
        proposals = rappel.rappel_proposals(intake=many, user=user)
    assert {p.action for p in proposals} == {rappel.UPDATE}
