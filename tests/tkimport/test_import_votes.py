"""Votes from the real stemmingen pages (shared/corpus/tk-opendata/stemmingen/): two pages of 250
`Stemming` rows with Besluit, Agendapunt and the Agendapunt's Zaken expanded, as any client that
wants votes with their motions fetches them. A stemmingen agenda item holds up to ~30 motions, each
with its own Besluit; a Besluit decides only the motion it is tied to."""

import copy
import json
import shutil
from collections import Counter, defaultdict

import pytest

from core.models import Party
from letters.models import LetterEvent
from motions.models import Motion, MotionEvent, MotionVote
from motions.services import motion_create
from parsing.kamerstuk import KamerstukRef
from tests.tkimport.support import CORPUS, load
from tests.tkimport.test_mapping import EXPECTED_STATUS
from tkimport.models import TkRecord
from tkimport.services import run_import

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PAGES = (
    "stemmingen/stemming_besluit_agendapunt_zaak_page1.json",
    "stemmingen/stemming_besluit_agendapunt_zaak_page2.json",
)
CHOICE = {"Voor": "voor", "Tegen": "tegen", "Niet deelgenomen": "niet_deelgenomen"}


def stemming_rows() -> list[dict]:
    return [row for page in PAGES for row in load(page)["value"]]


def agenda_items(rows) -> dict[str, dict]:
    """Per Agendapunt: its record, its Zaken (as the page expands them) and its Besluiten."""
    items = {}
    for row in rows:
        besluit = row["Besluit"]
        agendapunt = besluit["Agendapunt"]
        item = items.setdefault(agendapunt["Id"], {"agendapunt": agendapunt, "besluiten": {}})
        item["besluiten"][besluit["Id"]] = besluit
    return items


def real_pages(tmp_path, rows=None):
    """The real stemmingen folder (pages and the motion Zaken with their documents) and the real
    Besluit of every BesluitSoort; ``rows`` replaces the two pages' rows."""
    shutil.copytree(CORPUS / "stemmingen", tmp_path / "stemmingen")
    shutil.copy(CORPUS / "besluit_one_per_besluitsoort.json", tmp_path / "besluit_one_per_besluitsoort.json")
    if rows is not None:
        for page in PAGES:
            (tmp_path / page).unlink()
        (tmp_path / "stemmingen/rows.json").write_text(json.dumps({"value": rows}), encoding="utf-8")
    return tmp_path


def motions_by_zaak() -> dict[str, Motion]:
    return {str(m.tk_id): m for m in Motion.objects.all()}


def test_no_agenda_item_gives_an_outcome_to_more_motions_than_it_has_besluiten_with_it(tmp_path):
    rows = stemming_rows()
    run = run_import(from_dir=real_pages(tmp_path))
    motions = motions_by_zaak()
    zaken = {z["Id"]: z for row in rows for z in row["Besluit"]["Agendapunt"]["Zaak"]}
    assert len([z for z in zaken.values() if z["Soort"] == "Motie"]) > 200
    assert all(zaak_id in motions for zaak_id, z in zaken.items() if z["Soort"] == "Motie")
    undecided_reported = 0
    for item in agenda_items(rows).values():
        agendapunt, besluiten = item["agendapunt"], item["besluiten"]
        outcomes = Counter(EXPECTED_STATUS[b["BesluitSoort"]] for b in besluiten.values())
        statuses = Counter(motions[z["Id"]].status for z in agendapunt["Zaak"] if z["Id"] in motions)
        for status, n in statuses.items():
            if status != "ingediend":
                assert n <= outcomes[status], (agendapunt["Nummer"], status, n, outcomes)
        item_motions = [motions[z["Id"]] for z in agendapunt["Zaak"] if z["Id"] in motions]
        if len(agendapunt["Zaak"]) == 1 and item_motions:
            # One Zaak: the Agendapunt's Besluit is that motion's, with its votes.
            (besluit,) = besluiten.values()
            (m,) = item_motions
            assert (m.status, m.vote_result) == (EXPECTED_STATUS[besluit["BesluitSoort"]], besluit["BesluitTekst"])
            own = [r for r in rows if r["Besluit_Id"] == besluit["Id"]]
            assert {v.party.abbreviation: v.choice for v in m.votes.select_related("party")} == {
                r["ActorFractie"]: CHOICE[r["Soort"]] for r in own
            }
        elif item_motions:
            # Several Zaken and no Besluit-Zaak link: nothing is decided, and the run says so.
            for m in item_motions:
                assert (m.status, m.vote_result, m.votes.count()) == ("ingediend", "", 0), m.ref
                zaak_number = zaken[str(m.tk_id)]["Nummer"]
                assert any(
                    p.startswith(f"{zaak_number}: status niet bepaald") and agendapunt["Nummer"] in p
                    for p in run.problems
                ), zaak_number
                undecided_reported += 1
            for besluit_id in besluiten:
                assert any(
                    p.startswith(
                        f"Besluit {besluit_id}: agendapunt {agendapunt['Nummer']} met "
                        f"{len(agendapunt['Zaak'])} zaken, geen Zaak-koppeling"
                    )
                    for p in run.problems
                )
    assert undecided_reported > 200
    # The motions the first users found wrong: none of them carries an outcome any more.
    for ref in ("21 501-20, nr. 2143", "32 847, nr. 1223", "28 828, nr. 145"):
        assert Motion.objects.get(ref=KamerstukRef.parse(ref)).status == "ingediend"
    # Real Besluiten of every BesluitSoort without any link decide nothing and are named.
    for record in load("besluit_one_per_besluitsoort.json"):
        if (
            record.get("Status") == "Besluit"
            and EXPECTED_STATUS.get(record.get("BesluitSoort"), "ingediend") != "ingediend"
        ):
            assert f"Besluit {record['Id']}: geen Zaak en geen agendapunt" in " | ".join(run.problems)


def test_a_direct_besluit_zaak_link_gives_exactly_that_besluits_outcome_and_votes(tmp_path):
    """The real rows of agenda item 2025P09008 (14 motions, three Besluiten), each Besluit given the
    Zaak link the service can carry (Besluit.Zaak); one party's vote marked Vergissing."""
    rows = copy.deepcopy(stemming_rows())
    item = next(i for i in agenda_items(rows).values() if i["agendapunt"]["Nummer"] == "2025P09008")
    zaken = {z["Nummer"]: z["Id"] for z in item["agendapunt"]["Zaak"]}
    besluiten = sorted(item["besluiten"].values(), key=lambda b: b["Id"])
    assert [b["BesluitSoort"] for b in besluiten] == [
        "Stemmen - aangenomen",
        "Stemmen - verworpen",
        "Stemmen - aangenomen",
    ]
    owner = dict(zip([b["Id"] for b in besluiten], [zaken["2025Z09975"], zaken["2025Z09984"], zaken["2025Z10576"]]))
    mistaken = next(r for r in rows if r["Besluit_Id"] == besluiten[0]["Id"] and r["ActorFractie"] == "PVV")
    mistaken["Vergissing"] = True
    for row in rows:
        if row["Besluit_Id"] in owner:
            row["Besluit"]["Zaak"] = [{"Id": owner[row["Besluit_Id"]]}]
    run = run_import(from_dir=real_pages(tmp_path, rows))
    motions = motions_by_zaak()
    for besluit in besluiten:
        m = motions[owner[besluit["Id"]]]
        assert (m.status, m.vote_result) == (EXPECTED_STATUS[besluit["BesluitSoort"]], besluit["BesluitTekst"])
        own = [r for r in rows if r["Besluit_Id"] == besluit["Id"]]
        assert len(own) == 15
        votes = {v.party.abbreviation: v for v in m.votes.select_related("party")}
        assert {p: (v.choice, v.seats, v.mistaken) for p, v in votes.items()} == {
            r["ActorFractie"]: (CHOICE[r["Soort"]], r["FractieGrootte"], r["Vergissing"]) for r in own
        }
        assert not any(p.startswith(f"Besluit {besluit['Id']}") for p in run.problems)
    assert motions[zaken["2025Z09975"]].votes.get(party__abbreviation="PVV").mistaken
    assert MotionVote.objects.filter(mistaken=True).count() == 1
    # The other eleven motions of the agenda item are left alone: no Besluit of theirs is known.
    others = [motions[z] for z in zaken.values() if z not in owner.values()]
    assert len(others) == 11 and {(m.status, m.votes.count()) for m in others} == {("ingediend", 0)}


def test_the_mistake_is_shown_on_the_public_page_and_in_the_api(client):
    """Motion 21 501-08 nr. 943: the real Stemming of the SGP carries Vergissing."""
    run_import(from_dir=CORPUS / "motions")
    m = Motion.objects.get(ref=KamerstukRef.parse("21 501-08, nr. 943"))
    assert list(m.votes.filter(mistaken=True).values_list("party__abbreviation", "choice")) == [("SGP", "voor")]
    page = client.get(f"/moties/{m.ref.kst_id}/").content.decode()
    assert page.count("stemde per vergissing") == 1 and "stemde per vergissing voor" in page
    api = client.get(f"/api/v1/motions/{m.pk}/").json()
    votes = {v["party"]: v for v in api["votes"]}
    assert len(votes) == 15
    assert (votes["SGP"]["mistaken"], votes["SGP"]["mistake_note"]) == (True, "stemde per vergissing voor")
    assert (votes["PVV"]["mistaken"], votes["PVV"]["mistake_note"], votes["PVV"]["choice"]) == (False, "", "tegen")


def test_a_second_run_on_the_real_pages_changes_nothing(tmp_path):
    directory = real_pages(tmp_path)
    shutil.copytree(CORPUS / "motions", directory / "motions")
    run_import(from_dir=directory)
    before = {
        model: sorted(model.objects.values_list("pk", flat=True))
        for model in (Motion, MotionEvent, MotionVote, Party, LetterEvent)
    }
    data = dict(TkRecord.objects.values_list("tk_id", "data"))
    versions = dict(Motion.objects.values_list("pk", "version"))
    run = run_import(from_dir=directory)
    assert (run.stats.get("records_new", 0), run.stats.get("records_changed", 0)) == (0, 0)
    assert run.stats["records_unchanged"] == run.stats["records_read"]
    assert {model: sorted(model.objects.values_list("pk", flat=True)) for model in before} == before
    assert dict(TkRecord.objects.values_list("tk_id", "data")) == data
    assert dict(Motion.objects.values_list("pk", "version")) == versions


def test_copies_of_one_record_never_flip_flop_whatever_their_order(tmp_path):
    """The real pages hold one Zaak in several copies with different ApiGewijzigdOp; a partial copy
    (a $select without the stamps) and an older copy of a Besluit come in other files. The newest
    version wins, the others only add fields; a second run in another order changes nothing."""
    rows = stemming_rows()
    copies = defaultdict(set)
    for row in rows:
        for zaak in row["Besluit"]["Agendapunt"]["Zaak"]:
            copies[zaak["Id"]].add(zaak["ApiGewijzigdOp"])
    zaak_id, stamps = next((z, s) for z, s in copies.items() if len(s) > 1)
    besluit = dict(rows[0]["Besluit"])
    besluit.pop("Agendapunt")
    older = besluit | {
        "BesluitTekst": "Oude tekst.",
        "ApiGewijzigdOp": "2020-01-01T00:00:00Z",
        "GewijzigdOp": "2020-01-01T00:00:00+01:00",
    }
    partial = {"Id": besluit["Id"], "BesluitSoort": "Stemmen - verworpen", "Opmerking": "alleen hier"}
    directory = real_pages(tmp_path)
    (directory / "a_older.json").write_text(json.dumps({"value": [older]}))
    (directory / "z_partial.json").write_text(json.dumps({"value": [partial]}))
    run_import(from_dir=directory)
    staged = TkRecord.objects.get(tk_id=besluit["Id"]).data
    assert staged["BesluitTekst"] == besluit["BesluitTekst"] and staged["BesluitSoort"] == besluit["BesluitSoort"]
    assert staged["Opmerking"] == besluit["Opmerking"]  # the partial copy adds only what is missing
    assert TkRecord.objects.get(tk_id=zaak_id).data["ApiGewijzigdOp"] == max(stamps)
    (directory / "a_older.json").rename(directory / "zz_older.json")
    (directory / "z_partial.json").rename(directory / "0_partial.json")
    again = run_import(from_dir=directory)
    assert again.stats.get("records_changed", 0) == 0
    assert TkRecord.objects.get(tk_id=besluit["Id"]).data == staged


def test_a_row_the_reader_cannot_key_is_reported_and_the_rest_lands(tmp_path):
    """The real Stemming rows of motion 943 with their Fractie expanded by a $select without Id."""
    shutil.copytree(CORPUS / "motions", tmp_path / "motions")
    path = tmp_path / "motions/2024Z05407.stemmingen_expanded.json"
    rows = json.loads(path.read_text())
    for row in rows:
        row["Fractie"] = {k: v for k, v in row["Fractie"].items() if k != "Id"}
    path.write_text(json.dumps(rows))
    run = run_import(from_dir=tmp_path)
    m = Motion.objects.get(ref=KamerstukRef.parse("21 501-08, nr. 943"))
    assert (m.status, m.votes.count()) == ("aangenomen", 15)  # the votes name their Fractie by Fractie_Id
    missing = [p for p in run.problems if "Fractie in Stemming" in p and "zonder Id" in p]
    assert len(missing) == len(rows) == 15
    assert all(p.startswith("motions/2024Z05407.stemmingen_expanded.json: ") for p in missing)


def test_an_outcome_an_earlier_import_gave_without_a_besluit_of_the_motion_is_reported(tmp_path):
    """What the importer wrote before this rule: 28 828 nr. 145 'verworpen' from another motion's
    Besluit. The workflow does not go back to 'ingediend', so the run tells staff."""
    zaak = next(z for z in load("stemmingen/motion_zaken_with_documents.json") if z["Nummer"] == "2025Z09975")
    wrong = motion_create(
        ref="28 828, nr. 145",
        title="Motie Bushoff/Dijk",
        status="verworpen",
        imported=True,
        reason="Geïmporteerd uit open data TK (Zaak 2025Z09975)",
        tk_id=zaak["Id"],
    )
    staff = motion_create(ref="32 847, nr. 1223", title="Motie Welzijn c.s.", status="aangenomen")
    run = run_import(from_dir=real_pages(tmp_path))
    wrong.refresh_from_db()
    staff.refresh_from_db()
    assert (wrong.status, staff.status) == ("verworpen", "aangenomen")
    assert any(
        p.startswith("2025Z09975: staat op 'verworpen' uit een eerdere import, maar geen Besluit") for p in run.problems
    )
    assert not any("staat op 'aangenomen' uit een eerdere import" in p for p in run.problems)  # staff set that one
