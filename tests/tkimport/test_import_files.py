"""Importing the real records of shared/corpus/tk-opendata with --from-dir, checked field by field."""

import copy
import datetime as dt
import json
import shutil
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.models import Commitment, CommitmentEvent
from core.models import Dossier, Party, Person, StatusEventBase
from letters.models import Letter, LetterEvent, LetterLink, LetterStatus, LinkEffect
from motions.models import Motion, MotionEvent, MotionSubmitter, MotionVote
from motions.services import motion_create
from parsing.kamerstuk import KamerstukRef
from tests.factories import MinistryFactory, make_staff
from tests.tkimport.support import CORPUS, changed_at_source, corpus_letters, load, named_kamerstukken
from tests.tkimport.test_mapping import EXPECTED_STATUS, besluit_samples
from tkimport.models import CommitmentRelation, ImportRun, TkRecord
from tkimport.services import run_import

pytestmark = [pytest.mark.postgres, pytest.mark.django_db, pytest.mark.slow]  # ~60 s: the corpus imported per test

MODELS = [
    Motion,
    MotionVote,
    MotionEvent,
    MotionSubmitter,
    Letter,
    LetterEvent,
    LetterLink,
    Commitment,
    CommitmentEvent,
    CommitmentRelation,
    Party,
    Person,
    Dossier,
    TkRecord,
]


def motion(ref: str) -> Motion:
    return Motion.objects.get(ref=KamerstukRef.parse(ref))


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def write(directory, name, payload):
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_motion_943_is_adopted_with_its_party_votes_and_verdict():
    run = run_import(from_dir=CORPUS)
    assert not run.interrupted
    m = motion("21 501-08, nr. 943")
    zaak = load("motions/2024Z05407.zaak_with_documents.json")
    assert str(m.tk_id) == zaak["Id"] == "a9f7d35c-6672-4276-979b-a16d1960a1ad"
    assert m.status == "aangenomen"
    assert m.cabinet_verdict == "Oordeel Kamer"
    assert m.title.startswith("Motie van het lid Grinwis c.s. over de voorbereidingen")
    assert m.submitted_on == dt.date(2024, 3, 28)
    assert (m.dossier.number, m.dossier.suffix) == ("21501", "08")
    assert m.vote_result == "Aangenomen."
    assert m.vote_date == dt.date(2024, 4, 9)
    rows = load("motions/2024Z05407.stemmingen_expanded.json")
    votes = {v.party.abbreviation: v for v in m.votes.select_related("party")}
    assert len(votes) == len(rows) == 15
    for row in rows:
        vote = votes[row["ActorFractie"]]
        assert vote.choice == {"Voor": "voor", "Tegen": "tegen"}[row["Soort"]]
        assert vote.seats == row["FractieGrootte"]
        assert str(vote.party.tk_id) == row["Fractie_Id"]
    assert (votes["NSC"].choice, votes["NSC"].seats) == ("voor", 20)
    assert (votes["PVV"].choice, votes["PVV"].seats) == ("tegen", 37)
    timeline = list(m.events.values_list("kind", "to_status"))
    assert timeline == [(StatusEventBase.Kind.IMPORTED, "aangenomen")]


def test_motion_959_is_rejected_and_302_adopted_although_ontraden():
    run_import(from_dir=CORPUS)
    rejected = motion("21 501-08, nr. 959")
    assert (rejected.status, rejected.cabinet_verdict, rejected.vote_result) == ("verworpen", "Ontraden", "Verworpen.")
    assert rejected.votes.count() == 15
    adopted = motion("28 089, nr. 302")
    assert (adopted.status, adopted.cabinet_verdict) == ("aangenomen", "Ontraden")


def test_the_modified_motion_replaces_the_original_whichever_comes_first(tmp_path):
    run_import(from_dir=CORPUS)
    modified = motion("29 023, nr. 509")
    assert modified.status == "aangenomen"
    assert modified.cabinet_verdict == "Niet beschikbaar bij gewijzigde moties en/of amendementen"
    assert modified.replaces is None  # nr. 472 is not in the data yet
    # The original arrives later (in its own file): the modified motion is linked to it then.
    original = copy.deepcopy(load("motions/2024Z06500.zaak_with_documents.json"))
    original.update(
        Id=str(uuid.uuid4()),
        Nummer="2024Z00472",
        Volgnummer=472,
        Onderwerp="Motie van de leden Sneller en Zeedijk over een rentmeestermodel",
    )
    original["Document"][0].update(Id=str(uuid.uuid4()), Soort="Motie", Volgnummer=472)
    original["Document"][0]["HuidigeDocumentVersie"]["ExterneIdentifier"] = "kst-29023-472"
    write(tmp_path, "later/original.json", original)
    run_import(from_dir=tmp_path)
    modified.refresh_from_db()
    assert modified.replaces == motion("29 023, nr. 472")
    assert modified.replaces.events.filter(reason__contains="29 023, nr. 509").exists()


def test_a_modified_motion_arriving_after_its_original_replaces_it_at_once():
    original = motion_create(ref="29 023, nr. 472", title="Motie Sneller/Zeedijk")
    run_import(from_dir=CORPUS)
    assert motion("29 023, nr. 509").replaces == original
    assert original.events.filter(kind=StatusEventBase.Kind.UPDATED, reason__contains="nr. 509").count() == 1


def test_letters_are_sent_and_link_to_their_motions_by_shared_zaak_and_by_subject():
    named = {
        ref: motion_create(ref=ref, title=f"Motie {ref}")
        for ref in ("33835-242", "33576-436", "33576-437", "32847-1330", "36600-XV-23", "21501-02-3120")
    }
    run_import(from_dir=CORPUS)
    motions = {m.ref.kst_id: m.pk for m in Motion.objects.all()}
    # Shared Zaak: motion 33 576 nr. 421 and its appreciation letter nr. 442.
    shared = Letter.objects.get(document_number="2025D13955")
    assert shared.ref == KamerstukRef.parse("33 576, nr. 442")
    assert str(shared.tk_id) == "578902b2-b779-45ff-a02d-082deb52fb48"
    assert [link.motion for link in shared.links.all()] == [motion("33 576, nr. 421")]
    # Through the reference in the subject.
    expected = {
        "2025D19427": ["33835-242"],
        "2025D17756": ["33576-436", "33576-437"],
        "2025D20895": ["32847-1330"],
        "2025D19281": ["36600-XV-23"],
        "2025D20769": ["21501-02-3120"],
        "2025D20478": [],
    }
    for number, refs in expected.items():
        if not refs:
            continue
        letter = Letter.objects.get(document_number=number)
        assert sorted(link.motion.pk for link in letter.links.all()) == sorted(named[r].pk for r in refs), number
    for link in LetterLink.objects.all():
        assert (link.effect, link.confirmed) == (LinkEffect.INFORMS, False)
    # Only letters that answer something become letters here (the control letter stays staged):
    # of all real letters in the corpus, those that name a motion the tracker has or share its Zaak.
    answering = {"2025D13955": [motion("33 576, nr. 421").pk]}
    for record in corpus_letters():
        found = [motions[kst] for kst in named_kamerstukken(record["Onderwerp"]) if kst in motions]
        if found:
            answering[record["DocumentNummer"]] = found
    assert set(answering) >= {n for n, refs in expected.items() if refs}
    assert sorted(Letter.objects.values_list("document_number", flat=True)) == sorted(answering)
    for letter in Letter.objects.all():
        assert sorted(link.motion_id for link in letter.links.all()) == sorted(answering[letter.document_number])
    assert not Letter.objects.filter(document_number="2025D20478").exists()
    # Each is sent, through the workflow, with the source as reason.
    for letter in Letter.objects.all():
        assert letter.status == LetterStatus.SENT
        steps = list(letter.events.order_by("at", "id").values_list("kind", "to_status"))
        assert steps == [
            ("imported", "concept"),
            ("status", "ter_besluitvorming"),
            ("status", "vastgesteld"),
            ("status", "verzonden"),
        ]
    assert Letter.objects.get(document_number="2025D19427").sent_at.date() == dt.date(2025, 4, 24)
    # The linked motions' status is theirs to settle: 'informeert' changes nothing.
    assert {m.status for m in Motion.objects.filter(pk__in=[m.pk for m in named.values()])} == {"ingediend"}


def test_a_letter_staged_before_its_motion_is_made_when_the_motion_arrives(tmp_path):
    shutil.copy(CORPUS / "kamerbrieven/brief_regering_document_records.json", tmp_path / "brieven.json")
    run = run_import(from_dir=tmp_path)
    assert Letter.objects.count() == 0 and run.stats["letters_answering_nothing_yet"] == 10
    zaak = copy.deepcopy(load("motions/2024Z05407.zaak_with_documents.json"))
    zaak.update(Id=str(uuid.uuid4()), Nummer="2014Z00242", Volgnummer=242, Onderwerp="Motie van het lid Ouwehand c.s.")
    zaak["Document"][0].update(Id=str(uuid.uuid4()), Volgnummer=242)
    zaak["Document"][0]["HuidigeDocumentVersie"]["ExterneIdentifier"] = "kst-33835-242"
    write(tmp_path, "later/zaak.json", zaak)
    run_import(from_dir=tmp_path)
    letter = Letter.objects.get()
    assert letter.document_number == "2025D19427" and letter.status == LetterStatus.SENT
    assert [link.motion.ref.kst_id for link in letter.links.all()] == ["kst-33835-242"]


def test_a_second_import_changes_nothing():
    run_import(from_dir=CORPUS)
    before = counts()
    events = (
        list(MotionEvent.objects.values_list("pk", flat=True)),
        list(LetterEvent.objects.values_list("pk", flat=True)),
    )
    versions = dict(Motion.objects.values_list("pk", "version"))
    run = run_import(from_dir=CORPUS)
    assert counts() == before
    assert (
        list(MotionEvent.objects.values_list("pk", flat=True)),
        list(LetterEvent.objects.values_list("pk", flat=True)),
    ) == events
    assert dict(Motion.objects.values_list("pk", "version")) == versions
    assert run.stats.get("records_new", 0) == run.stats.get("records_changed", 0) == 0


def test_staff_work_is_never_overwritten_and_the_vote_goes_through_the_services():
    ministry = MinistryFactory(name="Landbouw, Visserij, Voedselzekerheid en Natuur", abbreviation="LVVN")
    staff = make_staff("lvvn", ministry)
    own = motion_create(
        ref="21 501-08, nr. 943",
        title="Motie Grinwis (handmatig)",
        ministry=ministry,
        responsible=staff,
        internal_notes="Bellen met DGNVLG",
    )
    run_import(from_dir=CORPUS)
    own.refresh_from_db()
    assert str(own.tk_id) == "a9f7d35c-6672-4276-979b-a16d1960a1ad"
    assert (own.ministry, own.responsible, own.internal_notes) == (ministry, staff, "Bellen met DGNVLG")
    assert own.status == "aangenomen" and own.votes.count() == 15
    kinds = list(own.events.values_list("kind", "from_status", "to_status"))
    assert kinds[0] == ("created", "", "ingediend")
    assert ("status", "ingediend", "aangenomen") in kinds
    imported = own.events.get(kind=StatusEventBase.Kind.UPDATED)  # the import's field changes, named
    assert "kabinetsappreciatie" in imported.reason and "Oordeel Kamer" in imported.reason
    assert "cabinet_verdict" in imported.changed_fields and imported.by is None


def test_a_changed_record_updates_the_row_and_the_timeline(tmp_path):
    shutil.copytree(CORPUS / "motions", tmp_path / "motions")
    run_import(from_dir=tmp_path)
    m = motion("21 501-08, nr. 959")
    # The verdict changes to a value tkapi does not know; the vote is corrected from verworpen to
    # aangehouden... which the workflow does not allow after a vote: reported, not forced.
    zaak_path = tmp_path / "motions/2024Z12955.zaak_with_documents.json"
    zaak = json.loads(zaak_path.read_text())
    zaak["Kabinetsappreciatie"] = "Ontijdig"
    zaak["GewijzigdOp"] = "2024-09-06T10:00:00+02:00"
    zaak_path.write_text(json.dumps(zaak))
    run = run_import(from_dir=tmp_path)
    m.refresh_from_db()
    assert m.cabinet_verdict == "Ontijdig"
    event = m.events.latest()
    assert (event.kind, event.from_status, event.to_status, event.changed_fields) == (
        "updated",
        "verworpen",
        "verworpen",
        ["cabinet_verdict"],
    )
    assert "'Ontraden'" not in event.reason and "Ontraden → Ontijdig" in event.reason
    assert run.stats["motions_updated"] == 1 and run.stats.get("motions_created", 0) == 0


def test_a_held_motion_that_is_voted_later_moves_through_the_services(tmp_path):
    zaak = load("motions/2024Z05407.zaak_with_documents.json")
    rows = load("motions/2024Z05407.stemmingen_expanded.json")
    besluit = dict(rows[0]["Besluit"])
    held = {k: v for k, v in besluit.items() if k != "Agendapunt"} | {
        "Id": str(uuid.uuid4()),
        "BesluitSoort": "Stemmen - aangehouden",
        "BesluitTekst": "Aangehouden.",
        "GewijzigdOp": "2024-04-02T16:00:00+02:00",
        "Zaak": [{"Id": zaak["Id"]}],
    }
    write(tmp_path, "a/zaak.json", zaak)
    write(tmp_path, "b/besluit_aangehouden.json", {"value": [held]})
    run_import(from_dir=tmp_path)
    assert motion("21 501-08, nr. 943").status == "aangehouden"
    write(tmp_path, "c/stemmingen.json", rows)
    run_import(from_dir=tmp_path)
    m = motion("21 501-08, nr. 943")
    assert m.status == "aangenomen" and m.votes.count() == 15
    assert list(m.events.filter(kind="status").values_list("from_status", "to_status")) == [
        ("aangehouden", "ingediend"),
        ("ingediend", "aangenomen"),
    ]


def test_every_besluit_sample_gives_the_right_motion_status_through_the_import(tmp_path):
    """Each sample Besluit in its own file, its motion Zaak in another (and listed first), joined."""
    expected = {}
    for i, (soort, record) in enumerate(besluit_samples(), start=1):
        zaak_id = str(uuid.uuid4())
        zaak = {
            "Id": zaak_id,
            "Nummer": f"2099Z{i:05d}",
            "Soort": "Motie",
            "Onderwerp": f"Motie {i}",
            "Volgnummer": i,
            "GestartOp": "2024-01-01T00:00:00+01:00",
            "Verwijderd": False,
            "Kabinetsappreciatie": None,
            "Document": [
                {
                    "Id": str(uuid.uuid4()),
                    "Soort": "Motie",
                    "DocumentNummer": f"2099D{i:05d}",
                    "Volgnummer": i,
                    "HuidigeDocumentVersie": {"Id": str(uuid.uuid4()), "ExterneIdentifier": f"kst-36999-{i}"},
                }
            ],
        }
        write(tmp_path, f"z/zaak_{i:02d}.json", zaak)
        write(tmp_path, f"a/besluit_{i:02d}.json", {"record": record | {"Zaak": [{"Id": zaak_id}]}})
        expected[f"kst-36999-{i}"] = EXPECTED_STATUS[soort]
    run = run_import(from_dir=tmp_path)
    assert run.problems == []
    got = {m.ref.kst_id: m.status for m in Motion.objects.filter(ref__startswith="kst-36999-")}
    assert got == expected


def test_deleted_records_keep_the_item_and_say_so(tmp_path):
    shutil.copytree(CORPUS / "motions", tmp_path / "motions")
    run_import(from_dir=tmp_path)
    path = tmp_path / "motions/2024Z09185.zaak_with_documents.json"
    zaak = changed_at_source(json.loads(path.read_text()), Verwijderd=True)
    path.write_text(json.dumps(zaak))
    run = run_import(from_dir=tmp_path)
    m = motion("28 089, nr. 302")
    assert m.status == "aangenomen"
    assert "Verwijderd" in m.events.latest().reason
    assert run.stats["motions_deleted_at_source"] == 1
    # A record deleted before we ever saw it is not created.
    ghost = copy.deepcopy(zaak) | {"Id": str(uuid.uuid4())}
    ghost["Document"][0]["HuidigeDocumentVersie"]["ExterneIdentifier"] = "kst-28089-999"
    write(tmp_path, "ghost.json", ghost)
    run_import(from_dir=tmp_path)
    assert not Motion.objects.filter(ref="kst-28089-999").exists()


def test_a_bad_file_or_record_is_reported_and_skipped_and_the_rest_lands(tmp_path):
    shutil.copytree(CORPUS / "motions", tmp_path / "motions")
    (tmp_path / "broken.json").write_text('{"value": [ {"Id": ')
    write(tmp_path, "bad_record.json", {"value": [{"Id": "not-a-guid", "BesluitSoort": "Stemmen - aangenomen"}]})
    run = run_import(from_dir=tmp_path)
    assert any(p.startswith("broken.json: geen leesbare JSON") for p in run.problems)
    assert any(p.startswith("bad_record.json: record overgeslagen") for p in run.problems)
    assert Motion.objects.count() == 4


TOEZEGGING = {
    "Id": "6d0f7a43-6a55-4d3c-9a50-0f6a1f1c1a01",
    "Nummer": "TZ202412-116",
    "ActiviteitNummer": "2024A05766",
    "Aanmaakdatum": "2024-12-12T00:00:00+01:00",
    "Naam": "Wiersma, F.M.",
    "Achternaam": "Wiersma",
    "Initialen": "F.M.",
    "Voornaam": "Femke",
    "Tussenvoegsel": None,
    "Functie": "Minister van Landbouw, Visserij, Voedselzekerheid en Natuur",
    "Status": "Openstaand",
    "DatumNakoming": "0001-01-01T00:00:00Z",
    "KamerbriefNakoming": None,
    "Ministerie": "Landbouw, Visserij, Voedselzekerheid en Natuur",
    "Tekst": "De minister stuurt de Kamer een brief over de wolf.",
    "Verwijderd": False,
    "GewijzigdOp": "2024-12-13T09:00:00+01:00",
    "ToegezegdAanFractie": [{"Id": "7476e97a-3243-4122-9df6-ba7d82a5279b", "Afkorting": "VVD", "NaamNL": "VVD"}],
}


def test_commitments_status_deadline_ministry_letters_and_relations(tmp_path):
    lvvn = MinistryFactory(name="Landbouw, Visserij, Voedselzekerheid en Natuur", abbreviation="LVVN")
    shutil.copytree(CORPUS / "kamerbrieven", tmp_path / "kamerbrieven")
    repeat = TOEZEGGING | {
        "Id": str(uuid.uuid4()),
        "Nummer": "TZ202501-001",
        "Status": "Vreemde status",
        "IsHerhalingVan": [{"Id": TOEZEGGING["Id"]}],
        "ToegezegdAanFractie": [],
    }
    write(tmp_path, "t/toezeggingen.json", {"value": [TOEZEGGING, repeat]})
    run = run_import(from_dir=tmp_path)
    c = Commitment.objects.get(number="TZ202412-116")
    assert (c.status, c.deadline_date, c.ministry, c.made_on) == ("openstaand", None, lvvn, dt.date(2024, 12, 12))
    assert (c.made_by.surname, c.made_by.initials, c.made_by_function) == (
        "Wiersma",
        "F.M.",
        "Minister van Landbouw, Visserij, Voedselzekerheid en Natuur",
    )
    assert c.to_party.abbreviation == "VVD"
    r = Commitment.objects.get(number="TZ202501-001")
    assert r.status == "openstaand" and any("Vreemde status" in p for p in run.problems)
    assert CommitmentRelation.objects.filter(commitment=r, kind="herhaling", other=c).exists()
    # Staff set another ministry and notes; the source then fulfils it with a letter and a deadline.
    other = MinistryFactory(name="Justitie en Veiligheid", abbreviation="JenV")
    Commitment.objects.filter(pk=c.pk).update(ministry=other, internal_notes="intern")
    changed = changed_at_source(
        TOEZEGGING,
        Status="Afgedaan",
        DatumNakoming="2025-06-30T00:00:00+02:00",
        KamerbriefNakoming=["2025D17756", "2025D17756"],
        Ministerie="LVVN",
    )
    write(tmp_path, "t/toezeggingen.json", {"value": [changed, repeat]})
    run_import(from_dir=tmp_path)
    c.refresh_from_db()
    assert (c.ministry, c.internal_notes) == (other, "intern")
    assert (c.status, c.deadline_date) == ("voldaan", dt.date(2025, 6, 30))
    assert list(c.events.values_list("kind", flat=True)) == ["imported", "deadline", "status"]
    assert [link.letter.document_number for link in c.letter_links.all()] == ["2025D17756"]


def test_the_command_prints_a_summary_and_refuses_bad_input(tmp_path, capsys):
    call_command("import_tk", from_dir=str(CORPUS / "motions"))
    out = capsys.readouterr().out
    assert "Samenvatting" in out and "motions_created: 4" in out
    with pytest.raises(CommandError, match="--since verwacht een datum"):
        call_command("import_tk", since="gisteren", from_dir=str(tmp_path))
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_tk", from_dir=str(tmp_path / "nergens"))
    assert ImportRun.objects.count() == 2


@pytest.mark.parametrize("status,sent", [("concept", False), ("vastgesteld", True)])
def test_a_letter_staff_made_is_adopted_and_sent_only_once_they_approved_it(status, sent, tmp_path):
    from tests.factories import make_letter

    ministry = MinistryFactory()
    own = make_letter(status=status, ministry=ministry, ref="33 576, nr. 442", internal_notes="concept bij DGNVLG")
    shutil.copy(CORPUS / "kamerbrieven/2025Z05588.motie_zaak_with_linked_brief_regering.json", tmp_path / "z.json")
    run = run_import(from_dir=tmp_path)
    own.refresh_from_db()
    assert str(own.tk_id) == "578902b2-b779-45ff-a02d-082deb52fb48"
    assert (own.ministry, own.internal_notes, own.document_number) == (ministry, "concept bij DGNVLG", "2025D13955")
    assert [link.motion.ref.kst_id for link in own.links.all()] == ["kst-33576-421"]
    assert (own.status == LetterStatus.SENT) is sent
    if not sent:
        assert any("2025D13955" in p and "niet op verzonden gezet" in p for p in run.problems)


def test_every_kamerstuk_named_in_the_real_letter_subjects_is_linked(tmp_path):
    """The 318 real 'Brief regering' subjects: a motion for every Kamerstuk they name (in any of
    their forms: 36600 XIV-61, 35510 nr. 21, 32793, nr. 831, 36584,nr. 9, 36672-5 en 6, ...), and
    each letter linked to exactly those it names."""
    records = load("kamerbrieven/brief_regering_subjects.json")
    assert len(records) == 318
    named = {r["DocumentNummer"]: named_kamerstukken(r["Onderwerp"]) for r in records}
    refs = sorted({kst for ksts in named.values() for kst in ksts})
    assert len(refs) > 250
    for form, kst in [
        ("(Kamerstuk 36600 XIV-61)", "kst-36600-XIV-61"),
        ("(Kamerstuk 35510 nr. 21)", "kst-35510-21"),
        ("(Kamerstuk 32793, nr. 831)", "kst-32793-831"),
        ("Kamerstuk 36584,nr. 9 over", "kst-36584-9"),
        ("(Kamerstuk 36672-5 en 6)", "kst-36672-6"),
        ("(Kamerstuk 34775, J)", "kst-34775-J"),
    ]:
        assert any(form in r["Onderwerp"] and kst in named[r["DocumentNummer"]] for r in records), form
    motions = {kst: motion_create(ref=kst, title=f"Motie {kst}") for kst in refs}
    write(tmp_path, "brieven.json", records)
    run = run_import(from_dir=tmp_path)
    assert run.stats["letters_answering_nothing_yet"] == sum(1 for ksts in named.values() if not ksts)
    letters = {letter.document_number: letter for letter in Letter.objects.all()}
    assert set(letters) == {number for number, ksts in named.items() if ksts}
    for number, letter in letters.items():
        assert sorted(link.motion_id for link in letter.links.all()) == sorted(motions[k].pk for k in named[number]), (
            number
        )
    assert LetterLink.objects.count() == sum(len(ksts) for ksts in named.values())
