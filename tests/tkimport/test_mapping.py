"""The mapping rules on their own: plain dicts in, tracker values out (no database)."""

import datetime as dt

import pytest

from parsing.kamerstuk import KamerstukRef
from tests.tkimport.support import load
from tkimport import mapping

# What each BesluitSoort in the corpus samples means for a motion (written out here, independently
# of tkimport.mapping, from observed_values.md's rule of thumb), by the status it leads to.
EXPECTED_SOORTEN = {
    "aangenomen": ["Stemmen - aangenomen"],
    "verworpen": ["Stemmen - verworpen", "Stemmen - niet aangenomen"],
    "aangehouden": ["Stemmen - aangehouden", "Stemmen - aangehouden (al tijdens debat)"],
    "ingetrokken": ["Stemmen - ingetrokken", "Stemmen - ingetrokken (al tijdens debat)"],
    "vervallen": ["Stemmen - vervallen"],
    "overgenomen": ["Overgenomen"],
    # postponed ('uitstellen': nothing decided yet) or a tie ('gestaakt': the vote is taken again)
    "ingediend": ["Ingediend", "Stemmen - uitstellen", "Stemmen - gestaakt"],
}
EXPECTED_STATUS = {soort: status for status, soorten in EXPECTED_SOORTEN.items() for soort in soorten}


def besluit_samples():
    return [
        (soort, wrapper["record"])
        for soort, wrappers in load("motions/besluit_samples_by_besluitsoort.json").items()
        for wrapper in wrappers
    ]


def test_every_besluitsoort_in_the_samples_is_covered():
    assert {soort for soort, _ in besluit_samples()} == set(EXPECTED_STATUS)


@pytest.mark.parametrize("soort,record", besluit_samples(), ids=lambda v: v if isinstance(v, str) else v["Id"][:8])
def test_each_besluit_sample_maps_to_its_status(soort, record):
    assert record["BesluitSoort"] == soort
    assert mapping.motion_status([record]) == EXPECTED_STATUS[soort]


def test_the_latest_deciding_besluit_wins_and_proposals_and_deleted_ones_are_ignored():
    held = {"BesluitSoort": "Stemmen - aangehouden", "Status": "Besluit", "GewijzigdOp": "2024-01-01T10:00:00+01:00"}
    adopted = {"BesluitSoort": "Stemmen - aangenomen", "Status": "Besluit", "GewijzigdOp": "2024-02-01T10:00:00+01:00"}
    proposal = {"BesluitSoort": "Stemmen - verworpen", "Status": "Voorstel", "GewijzigdOp": "2024-03-01T10:00:00+01:00"}
    deleted = {
        "BesluitSoort": "Stemmen - verworpen",
        "Status": "Besluit",
        "Verwijderd": True,
        "GewijzigdOp": "2024-04-01T10:00:00+01:00",
    }
    assert mapping.motion_status([held, adopted, proposal, deleted]) == "aangenomen"
    assert mapping.motion_status([held]) == "aangehouden"
    assert mapping.motion_status([{"BesluitSoort": "Iets nieuws", "Status": "Besluit"}]) == "ingediend"


def test_party_votes_of_motion_943_from_the_real_stemming_rows():
    rows = load("motions/2024Z05407.stemmingen_expanded.json")
    votes, problems = mapping.party_votes(rows)
    assert problems == []
    by_party = {v["party"]: v for v in votes}
    assert len(by_party) == len(rows) == 15
    for row in rows:
        vote = by_party[row["ActorFractie"]]
        assert vote["choice"] == {"Voor": "voor", "Tegen": "tegen"}[row["Soort"]]
        assert vote["seats"] == row["FractieGrootte"]
        assert vote["fractie_id"] == row["Fractie_Id"]


def test_hoofdelijk_votes_are_counted_per_party_and_unknown_ones_reported():
    rows = [
        {"Id": "1", "Soort": "Voor", "ActorFractie": "X", "Persoon_Id": "p1"},
        {"Id": "2", "Soort": "Voor", "ActorFractie": "X", "Persoon_Id": "p2"},
        {"Id": "3", "Soort": "Tegen", "ActorFractie": "X", "Persoon_Id": "p3"},
        {"Id": "4", "Soort": None, "ActorFractie": "Y", "FractieGrootte": 3},
    ]
    votes, problems = mapping.party_votes(rows)
    assert votes == [{"party": "X", "fractie_id": None, "choice": "voor", "seats": 3, "mistaken": False}]
    assert len(problems) == 1 and "Y" in problems[0]


@pytest.mark.parametrize("value", ["Oordeel Kamer", "Ontijdig", "Overbodig", "Iets dat nog niemand kent"])
def test_kabinetsappreciatie_is_kept_as_is_known_or_not(value):
    assert mapping.cabinet_verdict({"Kabinetsappreciatie": value}) == value


def test_kamerstuk_numbers_from_document_and_dossier():
    zaak = load("motions/2024Z05407.zaak_with_documents.json")
    doc = dict(zaak["Document"][0], ExterneIdentifier=zaak["Document"][0]["HuidigeDocumentVersie"]["ExterneIdentifier"])
    assert mapping.document_ref(doc) == KamerstukRef.parse("21 501-08, nr. 943")
    dossier = {"Nummer": 36600, "Toevoeging": "XV", "Titel": "Begroting"}
    assert mapping.document_ref({"Volgnummer": 23}, dossier).kst_id == "kst-36600-XV-23"
    assert mapping.document_ref({"Volgnummer": 23}) is None


def test_tvv_and_subject_references():
    zaak = load("motions/2024Z06500.zaak_with_documents.json")
    assert mapping.tvv_ref(zaak["Onderwerp"]).kst_id == "kst-29023-472"
    letters = {
        w["record"]["DocumentNummer"]: w["record"]["Onderwerp"]
        for w in load("kamerbrieven/brief_regering_document_records.json")
    }
    assert [r.kst_id for r in mapping.subject_refs(letters["2025D19427"])] == ["kst-33835-242"]
    assert [r.kst_id for r in mapping.subject_refs(letters["2025D17756"])] == ["kst-33576-436", "kst-33576-437"]
    assert [r.kst_id for r in mapping.subject_refs(letters["2025D20895"])] == ["kst-32847-1330"]
    assert [r.kst_id for r in mapping.subject_refs(letters["2025D19281"])] == ["kst-36600-XV-23"]
    assert [r.kst_id for r in mapping.subject_refs(letters["2025D20769"])] == ["kst-21501-02-3120"]
    assert mapping.subject_refs(letters["2025D20478"]) == []  # the control letter names none


@pytest.mark.parametrize(
    "value,expected",
    [
        ("Openstaand", "openstaand"),
        ("Deels Afgedaan", "deels_voldaan"),
        ("Afgedaan", "voldaan"),
        ("Voldaan", "voldaan"),
        ("Nagekomen", "voldaan"),
        ("Vervallen", "vervallen"),
        ("Geheel nieuw", None),
        (None, None),
    ],
)
def test_toezegging_status(value, expected):
    assert mapping.commitment_status(value) == expected


def test_datum_nakoming_0001_means_no_deadline():
    assert mapping.commitment_deadline("0001-01-01T00:00:00Z") is None
    assert mapping.commitment_deadline("0001-01-01T00:00:00+00:00") is None
    assert mapping.commitment_deadline("2025-06-30T00:00:00+02:00") == dt.date(2025, 6, 30)
    assert mapping.deadline_phrase(dt.date(2025, 6, 30)) == "30-06-2025"


def test_kamerbrief_nakoming_may_repeat():
    assert mapping.letter_numbers(["2025D12345", "2025D12345", "2025D23456"]) == ["2025D12345", "2025D23456"]
    assert mapping.letter_numbers("2025D12345; 2024D00001") == ["2025D12345", "2024D00001"]
    assert mapping.letter_numbers(None) == []


@pytest.mark.parametrize(
    "subject,expected",
    [
        ("(Kamerstuk 36600 XIV-61)", ["kst-36600-XIV-61"]),
        ("(t.v.v. 36600 VIII-21)", ["kst-36600-VIII-21"]),
        ("(Kamerstuk 35510 nr. 21)", ["kst-35510-21"]),
        ("(Kamerstuk 32793, nr. 831)", ["kst-32793-831"]),
        ("(Kamerstuk 36584,nr. 9)", ["kst-36584-9"]),
        ("(Kamerstuk 36672-5 en 6)", ["kst-36672-5", "kst-36672-6"]),
        ("(Kamerstuk 36725-X-3 en Kamerstuk 36725-K-3)", ["kst-36725-X-3", "kst-36725-K-3"]),
        ("(t.v.v. Kamerstuk 26643-1293)", ["kst-26643-1293"]),
        ("(Kamerstuk 36584-21) en 6 andere", ["kst-36584-21"]),
        ("(Kamerstuk 36755)", []),  # a dossier, not one Kamerstuk
        ("(Kamerstuk 36740-IX)", []),  # a begroting chapter's dossier
        ("(Kamerstuk 34158-(R2048))", []),
    ],
)
def test_subject_forms_are_read_with_parsing_kamerstuk(subject, expected):
    assert [r.kst_id for r in mapping.subject_refs(subject)] == expected
    tvv = mapping.tvv_ref(subject)
    assert (tvv.kst_id if tvv else None) == (expected[0] if "t.v.v." in subject else None)


def test_a_besluit_is_tied_by_its_own_zaak_link_or_its_agenda_items_only_zaak():
    assert mapping.tied_zaken({"z1"}, {"z1", "z2", "z3"}, True) == {"z1"}
    assert mapping.tied_zaken(set(), {"z1"}, True) == {"z1"}
    assert mapping.tied_zaken(set(), {"z1", "z2"}, True) is None  # a stemmingen agenda item: no guess
    assert mapping.tied_zaken(set(), {"z1"}, False) is None  # only one Zaak named it: the list is unknown
    assert mapping.tied_zaken(set(), set(), False) is None
