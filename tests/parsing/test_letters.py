"""parsing.letters against the five real letters in shared/corpus/letters, and unit cases.

The corpus is read from disk (never copied into the product). Member names are compared by
surname (``member_surname``): expected.json spells 'Diederik van Dijk' while one mention in the
memo misspells 'Dierderik'; both are the member 'Van Dijk'.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from datetime import date
from pathlib import Path

import pytest

from parsing.letters import analyse_letter, member_surname
from parsing.pdf import PdfError, extract_text_from_pdf
from tests.intake.helpers import ANALYSIS_KEYS

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "letters"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["letters"]
DOSSIER_TITLES = {"29344": "Terugkeerbeleid"}  # a fact about dossier 29 344, as Kamertracker knows it

HIJUM = "2014-wodc-zelfstandige-terugkeer-motie-van-hijum.txt"
NR123 = "2014-12-18-29344-nr123-toezegging-ao-vrijwillige-terugkeer.txt"
NR131 = "2016-08-12-29344-nr131-reactie-telegraaf-uitzetting.txt"
WODC2023 = "2023-wodc-intergovernmental-relations-return.txt"
MEMO = "2026-04-07-beslisnota-motie-ceder-van-dijk-36871-nr67.txt"


def analyse(name: str, **kwargs) -> dict:
    return analyse_letter((CORPUS / name).read_text(encoding="utf-8"), **kwargs).to_dict()


def ref_key(ref: dict | None) -> tuple | None:
    return None if ref is None else (ref["dossier"], ref["suffix"], ref["nr"])


def kst(text: str) -> set[tuple]:
    return {ref_key(ref) for ref in analyse_letter(text).to_dict()["kamerstuk_refs"]}


def test_corpus_path_is_beside_the_project():
    assert CORPUS.is_dir(), CORPUS
    assert set(EXPECTED) == {HIJUM, NR123, NR131, WODC2023, MEMO}


# -- the corpus --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_kamerstuk_refs_all_found_none_invented(name):
    result = analyse(name, dossier_titles=DOSSIER_TITLES)
    found = [ref_key(ref) for ref in result["kamerstuk_refs"]]
    assert len(found) == len(set(found)), "a reference cited twice must appear once"
    assert set(found) == {ref_key(ref) for ref in EXPECTED[name]["kamerstuk_refs"]}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_handelingen_refs_all_found_none_invented(name):
    result = analyse(name)
    found = {(ref["chamber"], ref["session"], nr) for ref in result["handelingen_refs"] for nr in ref["nrs"]}
    expected = {(ref["chamber"], ref["session"], ref["nr"]) for ref in EXPECTED[name]["handelingen_refs"]}
    assert found == expected


def test_handelingen_refs_carry_the_members_who_asked():
    refs = {ref["nrs"][0]: ref for ref in analyse(NR131)["handelingen_refs"]}
    for expected in EXPECTED[NR131]["handelingen_refs"]:
        ref = refs[expected["nr"]]
        assert ref["aanhangsel"] is True
        assert ref["members"] == expected["members"]
        assert ref["parties"] == expected["parties"]
        assert ref["text"].startswith("Aanhangsel Handelingen II 2015/16, nr.")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_motions_members_parties_ref_and_settles(name):
    result = analyse(name)
    expected = [answer for answer in EXPECTED[name]["answers"] if answer["type"] == "motion"]
    assert len(result["motions"]) == len(expected)
    for motion, want in zip(result["motions"], expected):
        assert [member_surname(m) for m in motion["members"]] == [member_surname(m) for m in want["members"]]
        assert motion["surnames"] == [member_surname(m) for m in want["members"]]
        assert motion["parties"] == want["parties"]
        assert ref_key(motion["ref"]) == ref_key(want["ref"])
        assert motion["settles"] is (want["effect"] == "settles")
        if "adopted_on" in want:
            assert motion["adopted_on"] == want["adopted_on"]


def test_member_surname_normalises_first_names_and_prefixes():
    assert member_surname("Dierderik van Dijk") == member_surname("Diederik van Dijk") == "Van Dijk"
    assert member_surname("Van Hijum") == "Van Hijum"
    assert member_surname("Van der Staaij") == "Van der Staaij"
    assert member_surname("Ceder") == "Ceder"


def test_commitment_of_the_2_july_2014_committee_debate_is_settled():
    result = analyse(NR123)
    want = next(answer for answer in EXPECTED[NR123]["answers"] if answer["type"] == "commitment")
    assert len(result["commitments"]) == 1
    commitment = result["commitments"][0]
    assert ref_key(commitment["ref"]) == ref_key(want["ref"])
    assert commitment["settles"] is True
    assert commitment["made_on"] == want["made_on"]
    assert commitment["made_at"] == "algemeen overleg"
    assert "toegezegd" in commitment["text"]
    assert result["motions"] == []


@pytest.mark.parametrize("name", [HIJUM, NR131, WODC2023, MEMO])
def test_no_commitments_where_none_is_answered(name):
    assert analyse(name)["commitments"] == []


def test_request_of_the_house_is_reported_as_settled():
    requests = analyse(NR131)["requests"]
    assert len(requests) == 1 and requests[0]["settles"] is True
    assert "uw Kamer" in requests[0]["text"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_date_and_signer(name):
    result = analyse(name)
    assert result["date"] == EXPECTED[name]["date"]
    assert result["signed_by"] == EXPECTED[name]["signed_by"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_own_ref(name):
    result = analyse(name, dossier_titles=DOSSIER_TITLES)
    want = EXPECTED[name].get("own_ref")
    assert ref_key(result["own_ref"]) == ref_key(want)


def test_own_dossier_inferred_from_the_cited_preceding_document():
    # 'Nr. 123' is printed; the letter cites 29 344, nr. 120 (and 19 637 documents numbered far higher).
    own = analyse(NR123)["own_ref"]
    assert (own["dossier"], own["nr"], own["source"]) == ("29344", "123", "preceding-nr")
    assert ("29344", None, "123") not in {ref_key(r) for r in analyse(NR123)["kamerstuk_refs"]}


def test_own_dossier_unknown_without_a_hint_when_the_text_does_not_name_it():
    # Nr. 131 cites only 22 112, nr. 2157 and 34 475-VI, nr. 6 (125 numbers below): no inference.
    own = analyse(NR131)["own_ref"]
    assert own == {"dossier": None, "suffix": None, "nr": "131", "source": "none", "other_dossiers": []}
    hinted = analyse(NR131, dossier_titles=DOSSIER_TITLES)["own_ref"]
    assert (hinted["dossier"], hinted["source"]) == ("29344", "dossier-title")


def test_memo_promises_the_emn_results_in_the_course_of_2027():
    result = analyse(MEMO)
    assert result["internal_ref"] == "7476377"
    deadlines = result["new_deadlines"]
    assert [d["phrase"].lower() for d in deadlines] == ["in de loop van 2027"]
    assert deadlines[0]["latest"] == "2027-12-31"
    assert "2027" in deadlines[0]["text"]


@pytest.mark.parametrize("name", [HIJUM, NR123, NR131, WODC2023])
def test_no_new_deadlines_in_the_letters(name):
    # NR123's meeting of 22 January 2015 is not a commitment (expected.json: is_commitment false),
    # and 'voor de zomer ontvangen' there is in the past.
    assert analyse(name)["new_deadlines"] == []


def test_2023_letter_answers_nothing():
    result = analyse(WODC2023)
    for key in ("kamerstuk_refs", "handelingen_refs", "motions", "commitments", "requests", "new_deadlines"):
        assert result[key] == [], key
    assert result["own_ref"] is None


def test_to_dict_shape_and_json():
    result = analyse(MEMO)
    assert ANALYSIS_KEYS <= set(result)
    ref = result["kamerstuk_refs"][0]
    assert {"dossier", "suffix", "nr", "text"} <= set(ref)
    assert ref["text"] == "Tweede Kamer, vergaderjaar 2025–2026, 36 871, nr. 67"
    assert {"members", "parties", "ref", "settles"} <= set(result["motions"][0])
    assert {"phrase", "latest", "text"} <= set(result["new_deadlines"][0])
    json.dumps(result)


# -- the corpus in other layouts ---------------------------------------------------------------
# pypdf usually gives no blank lines between paragraphs, and other extractors wrap lines at their
# own width: what a letter says must not depend on either.


def without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip())


def rewrapped(text: str) -> str:
    """Every line re-wrapped at 70 characters, one newline between all lines, no blank lines."""
    return "\n".join(
        piece
        for line in text.splitlines()
        if line.strip()
        for piece in textwrap.wrap(line, 70, break_long_words=False, break_on_hyphens=False)
    )


def nr_split(text: str) -> str:
    """'Nr. 123' with the number on the next line, as text extracted from the official XML has it."""
    return re.sub(r"^( ?)Nr\. ?(\d)", r"\1Nr.\n\2", text, flags=re.M)


LAYOUTS = {
    "as-is": lambda text: text,
    "no-blank-lines": without_blank_lines,
    "rewrapped-70": rewrapped,
    "nr-split": nr_split,
    "all-three": lambda text: nr_split(rewrapped(text)),
}


def test_nr_split_layout_splits_the_number():
    text = (CORPUS / NR123).read_text(encoding="utf-8")
    assert "Nr. 123" in text and "Nr.\n123" in nr_split(text) and "Nr. 123" not in nr_split(text)


def essentials(result: dict) -> dict:
    return {
        "kamerstuk_refs": sorted(ref_key(ref) for ref in result["kamerstuk_refs"]),
        "handelingen_refs": sorted(
            (r["chamber"], r["session"], nr) for r in result["handelingen_refs"] for nr in r["nrs"]
        ),
        "motions": [(m["surnames"], m["parties"], ref_key(m["ref"]), m["settles"]) for m in result["motions"]],
        "commitments": [(ref_key(c["ref"]), c["settles"], c["made_on"]) for c in result["commitments"]],
        "requests": [(ref_key(r["ref"]), r["settles"]) for r in result["requests"]],
        "new_deadlines": [(d["latest"], d["text"]) for d in result["new_deadlines"]],
    }


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_reads_the_same_in_every_layout(name, layout):
    text = (CORPUS / name).read_text(encoding="utf-8")
    result = analyse_letter(LAYOUTS[layout](text), dossier_titles=DOSSIER_TITLES).to_dict()
    want = EXPECTED[name]
    assert {ref_key(ref) for ref in result["kamerstuk_refs"]} == {ref_key(ref) for ref in want["kamerstuk_refs"]}
    motions_wanted = [answer for answer in want["answers"] if answer["type"] == "motion"]
    assert [(m["surnames"], m["parties"], ref_key(m["ref"]), m["settles"]) for m in result["motions"]] == [
        ([member_surname(n) for n in w["members"]], w["parties"], ref_key(w["ref"]), w["effect"] == "settles")
        for w in motions_wanted
    ]
    commitments_wanted = [answer for answer in want["answers"] if answer["type"] == "commitment"]
    assert [(ref_key(c["ref"]), c["settles"], c["made_on"]) for c in result["commitments"]] == [
        (ref_key(w["ref"]), w["effect"] == "settles", w["made_on"]) for w in commitments_wanted
    ]
    promised = [d["latest_date"] for d in want["follow_up_deadlines"] if d["is_commitment"]]
    assert [d["latest"] for d in result["new_deadlines"]] == promised
    # And everything else the same as the letter as written, down to the sentence of a deadline.
    original = analyse_letter(text, dossier_titles=DOSSIER_TITLES).to_dict()
    assert essentials(result) == essentials(original)
    assert (result["date"], result["signed_by"], result["own_ref"]) == (
        original["date"],
        original["signed_by"],
        original["own_ref"],
    )


def test_memo_without_blank_lines_keeps_its_deadline_sentence_out_of_the_footnote():
    # The page's footnote is followed directly by the next page's text: a short footnote line
    # (the next word would have fitted on it) ends the footnote.
    text = without_blank_lines((CORPUS / MEMO).read_text(encoding="utf-8"))
    [deadline] = analyse_letter(text).to_dict()["new_deadlines"]
    assert deadline["latest"] == "2027-12-31"
    assert deadline["text"].endswith("verwacht.")
    assert deadline["text"] == analyse(MEMO)["new_deadlines"][0]["text"]


def test_footnote_ends_at_a_short_line_but_goes_on_after_a_wrapped_one():
    body = "Dit is een lange regel met tekst die tot de volle breedte van de pagina doorloopt en"
    text = "\n".join(
        [
            body,
            "de motie1 is aangenomen. Verder zijn er nog meer zinnen met woorden die de regel vullen.",
            "1 Een korte voetnoot",
            "zullen wij de resultaten in de loop van 2027 naar verwachting aan uw Kamer sturen.",
        ]
    )
    [deadline] = analyse_letter(text).to_dict()["new_deadlines"]
    assert deadline["latest"] == "2027-12-31"
    wrapped = "\n".join(
        [
            body,
            "de motie1 is aangenomen. Verder zijn er nog meer zinnen met woorden die de regel vullen.",
            "1 Een voetnoot die de hele regel vult tot aan de rand van het papier: Kamerstuk 36 871,",
            "nr. 67, en die dan op de volgende regel verder gaat; zal in de loop van 2027 verwacht.",
        ]
    )
    result = analyse_letter(wrapped).to_dict()
    assert result["new_deadlines"] == []  # footnote text, not a promise in the body
    assert {ref_key(ref) for ref in result["kamerstuk_refs"]} == {("36871", None, "67")}


# -- written forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zie Kamerstuk 33 750 VI, nr. 63 d.d. 21 november 2013.", ("33750", "VI", "63")),
        ("(Kamerstukken II 2013/14, 19 637, nr. 1901)", ("19637", None, "1901")),
        ("de motie (Tweede Kamer, vergaderjaar 2025–2026, 36 871, nr. 67)", ("36871", None, "67")),
        ("zie (Kamerstuk 33835-242).", ("33835", None, "242")),
        ("brief 21501-32-1740 over de Raad", ("21501", "32", "1740")),
        ("zie 21 501-32, nr. 1703.", ("21501", "32", "1703")),
        ("Kamerstukken II 2019/20, 35 300-XV, nr. 28", ("35300", "XV", "28")),
        ("Kamerstukken II 2015/16, 34 356 (R2064), nr. 3", ("34356", "R2064", "3")),
        ("Kamerstukken I 2021/22, 35 925, nr. E", ("35925", None, "E")),
        ("de motie (35300-A, nr. 15)", ("35300", "A", "15")),
        ("Kamerstuk 36600-XV-23", ("36600", "XV", "23")),
        ("Kamerstukken II 2020/21 35 570-IX, nr. 14", ("35570", "IX", "14")),
        ("Onderwerp: uitvoering motie (t.v.v. 29023-472)", ("29023", None, "472")),
        ("zie kst-34775-X-87 op de site", ("34775", "X", "87")),
        ("in het EK-stuk 33.344, nr. 5", ("33344", None, "5")),
    ],
)
def test_kamerstuk_forms(text, expected):
    assert kst(text) == {expected}


def test_kamerstuk_several_numbers():
    assert kst("Kamerstuk 21 501-20, nrs. 520 en 548") == {("21501", "20", "520"), ("21501", "20", "548")}
    result = analyse_letter("Kamerstuk 21 501-20, nrs. 520 en 548").to_dict()["kamerstuk_refs"]
    assert result[0]["text"] == "Kamerstuk 21 501-20, nrs. 520 en 548"


def test_kamerstuk_cited_twice_appears_once():
    text = "Zie Kamerstuk 19 637, nr. 1901. Ook in (Kamerstukken II 2013/14, 19 637, nr. 1901) staat het."
    assert len(analyse_letter(text).kamerstuk_refs) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Zoals besproken (Kamer-\nstuk 33 750 VI,\nnr. 63) is dat zo.",
        "Zoals besproken (Kamerstuk 33 750\nVI, nr.\n63) is dat zo.",
        "Zoals besproken (Kamerstuk 33 750-\nVI, nr. 63) is dat zo.",
        "Zoals besproken (Kamerstuk 33\n750 VI, nr. 63) is dat zo.",
        "Zoals besproken (Kamerstuk 33750-\nVI-63) is dat zo.",
    ],
)
def test_kamerstuk_across_line_breaks_and_hyphenation(text):
    assert kst(text) == {("33750", "VI", "63")}


def test_kamerstuk_across_a_page_break_with_footnotes():
    text = "Tijdens het overleg1 (Kamerstuk 19 637,\n\n1 Een voetnoot bij de tekst.\n\n nr. 1901) heb ik dat gezegd.\n"
    assert kst(text) == {("19637", None, "1901")}


@pytest.mark.parametrize(
    "text",
    [
        "Het bedrag is € 33.750 per jaar.",
        "Het bedrag is € 33.750, nr. 5 van de lijst.",
        "Op 21-11-2013 is dat besloten.",
        "Bel 070 370 79 11 of 070-3707911.",
        "Turfmarkt 147\n2511 DP Den Haag\nPostbus 20011\n2500 EH Den Haag",
        "Onze referentie 7476377",
        "Nr. 123 BRIEF VAN DE MINISTER",
        "het terugkeerbeleid2. Anders dan het WODC stelt (op blz. 75–76) is dat zo.",
        "gestegen van 3660 personen in 2013 naar 4.650 personen in 20154. Deze",
        "In 2012 en 2013 (pagina 12 345) waren er 12 345 aanvragen.",
        "Het nummer 1.233.750, nr. 7 is een bedrag.",
        "Ruim 3.165 vluchten geboekt en 1.225 geannuleerd.",
        "ISBN 978-90-12345-67-8",
    ],
)
def test_no_false_kamerstuk_refs(text):
    assert kst(text) == set()


@pytest.mark.parametrize(
    ("text", "chamber", "session", "nrs"),
    [
        ("(Aanhangsel Handelingen II 2015/16, nr. 2653)", "II", "2015/16", ["2653"]),
        ("Handelingen II 2021/22, nrs. 62 en 63", "II", "2021/22", ["62", "63"]),
        ("Handelingen II 2016/17, nr. 55, Stemmingen", "II", "2016/17", ["55"]),
        ("Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 1028", None, "2024/25", ["1028"]),
        ("Handelingen I 2013-2014, nr. 31, item 10", "I", "2013/14", ["31"]),
        ("Handelin-\ngen II 2015/16,\nnr. 2653", "II", "2015/16", ["2653"]),
    ],
)
def test_handelingen_forms(text, chamber, session, nrs):
    refs = analyse_letter(text).to_dict()["handelingen_refs"]
    assert [(r["chamber"], r["session"], r["nrs"]) for r in refs] == [(chamber, session, nrs)]
    assert kst(text) == set()


def test_handelingen_item_and_single_nr_keyword():
    refs = analyse_letter("Handelingen I 2013-2014, nr. 31, item 10").handelingen_refs
    assert refs[0].item == "10"
    refs = analyse_letter("Handelingen II 2015/16, nr. 12, 13 mei 2016").handelingen_refs
    assert refs[0].nrs == ("12",)


# -- motions -----------------------------------------------------------------------------------


def motions(text: str) -> list[dict]:
    return analyse_letter(text).to_dict()["motions"]


def test_motion_forms_and_settle_phrases():
    text = (
        "Hiermee geef ik uitvoering aan de motie Voordewind c.s. (Kamerstuk 34 775 XIII, nr. 12). "
        "De motie van de leden Ceder en Van Dijk (Kamerstuk 36 871, nr. 67) vraagt om onderzoek. "
        "Met deze brief wordt de motie-Klaver (GroenLinks-PvdA) afgedaan."
    )
    found = motions(text)
    assert [(m["surnames"], m["parties"], ref_key(m["ref"]), m["settles"]) for m in found] == [
        (["Voordewind"], [], ("34775", "XIII", "12"), True),
        (["Ceder", "Van Dijk"], [], ("36871", None, "67"), False),
        (["Klaver"], ["GroenLinks-PvdA"], None, True),
    ]


def test_motion_submitted_by_members_with_parties_and_footnote_ref():
    text = (
        "Op 31 maart 2026 is een door de leden Ceder (CU) en Dierderik van Dijk (SGP) ingediende motie1 "
        "aangenomen. Hiermee wordt tegemoet gekomen aan deze motie.\n\n"
        "1 Kamerstukken II 2025/26, 36 871, nr. 67\n"
    )
    [motion] = motions(text)
    assert motion["members"] == ["Ceder", "Dierderik van Dijk"]
    assert motion["parties"] == ["CU", "SGP"]
    assert ref_key(motion["ref"]) == ("36871", None, "67")
    assert motion["settles"] is True
    assert motion["adopted_on"] == "2026-03-31"


def test_repeated_mentions_of_one_motion_merge():
    text = (
        "Dit betreft de motie van het lid Van Hijum (CDA) over terugkeer (Kamerstuk 33 750 VI, nr. 63). "
        "Ik kom later terug op de door het lid Van Hijum ingediende motie."
    )
    [motion] = motions(text)
    assert motion["parties"] == ["CDA"]
    assert motion["settles"] is False


@pytest.mark.parametrize(
    "sentence",
    [
        "Ik zal de motie van het lid Van Hijum later afdoen.",
        "De motie van het lid Van Hijum is nog niet afgedaan.",
        "In deze brief geef ik een reactie op de motie van het lid Van Hijum.",
    ],
)
def test_motion_not_settled(sentence):
    [motion] = motions(sentence)
    assert motion["settles"] is False


def test_motion_settled_by_anaphor_and_by_letter_phrases():
    text = (
        "De motie-Omtzigt c.s. (35 510, nr. 12) vraagt om een evaluatie. Hiermee beschouw ik deze motie als afgedaan. "
        "Met deze brief geef ik invulling aan de motie van de leden Podt en Van der Plas (Kamerstuk 36 410, nr. 33). "
        "Hiermee wordt tegemoet gekomen aan de motie van het lid Kröger c.s. en ik ga nog verder dan dat."
    )
    assert [(m["surnames"], ref_key(m["ref"]), m["settles"]) for m in motions(text)] == [
        (["Omtzigt"], ("35510", None, "12"), True),
        (["Podt", "Van der Plas"], ("36410", None, "33"), True),
        (["Kröger"], None, True),
    ]


def test_questions_of_a_member_are_not_a_motion():
    assert (
        motions(
            "In de beantwoording van de vragen van het lid Azmani (VVD)1 en het lid Keijzer (CDA)2 ben ik ingegaan."
        )
        == []
    )
    assert motions("De motie van de Kamer is bekend.") == []
    assert motions("Over deze motie De regering wordt gevraagd.") == []


# -- commitments, requests, deadlines ----------------------------------------------------------


def test_commitment_settled_explicitly_and_not_settled():
    settled = analyse_letter("Zoals toegezegd informeer ik u hierbij over de stand van zaken.").to_dict()
    assert [c["settles"] for c in settled["commitments"]] == [True]
    later = analyse_letter(
        "Den Haag, 1 oktober 2025\n\n"
        "Tijdens het commissiedebat van 2 juli 2025 heb ik toegezegd uw Kamer voor de zomer van 2026 "
        "een evaluatie te sturen; die zal ik dan ook sturen.\n"
    ).to_dict()
    [commitment] = later["commitments"]
    assert commitment["settles"] is False
    assert commitment["made_on"] == "2025-07-02" and commitment["made_at"] == "commissiedebat"
    assert [(d["phrase"], d["latest"]) for d in later["new_deadlines"]] == [("voor de zomer van 2026", "2026-06-20")]


def test_commitment_made_in_a_debate_answered_later_in_the_letter_is_not_settled():
    text = (
        "Den Haag, 1 oktober 2025\n\n"
        "Met deze brief informeer ik uw Kamer over de stand van zaken van het terugkeerbeleid en de cijfers.\n\n"
        "Verder heb ik in het debat toegezegd de cijfers te laten uitzoeken.\n"
    )
    [commitment] = analyse_letter(text).commitments
    assert commitment.settles is False


def test_zoals_toegezegd_folds_into_the_commitment_it_refers_to():
    text = (
        "Den Haag, 1 mei 2024\n\n"
        "In het debat van 3 maart 2024 heb ik toegezegd u te informeren over de cijfers; die volgen later.\n\n"
        "Verder is er veel gebeurd in de tussentijd, zoals u weet uit eerdere brieven aan uw Kamer.\n\n"
        "Zoals toegezegd stuur ik u hierbij de cijfers.\n"
    )
    [commitment] = analyse_letter(text).to_dict()["commitments"]
    assert (commitment["made_on"], commitment["made_at"], commitment["settles"]) == ("2024-03-03", "debat", True)


def test_toezegging_gedaan_tijdens_het_algemeen_overleg():
    text = (
        "Den Haag, 18 december 2014\n\n"
        "Met deze brief informeer ik u over de toezegging gedaan tijdens het algemeen overleg van\n"
        "2 juli 2014 (Kamerstuk 19 637, nr. 1901) over vrijwillige terugkeer.\n"
    )
    [commitment] = analyse_letter(text).to_dict()["commitments"]
    assert ref_key(commitment["ref"]) == ("19637", None, "1901")
    assert (commitment["made_on"], commitment["made_at"], commitment["settles"]) == (
        "2014-07-02",
        "algemeen overleg",
        True,
    )


def test_government_asking_the_house_is_not_a_request():
    assert analyse_letter("Ik verzoek uw Kamer om in te stemmen met het voorstel.").requests == []
    [request] = analyse_letter(
        "De vaste commissie voor Justitie en Veiligheid heeft mij verzocht om een reactie."
    ).requests
    assert request.settles is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Den Haag, 1 februari 2024\n\nIk verwacht uw Kamer voor de zomer te informeren.",
            [("voor de zomer", "2024-06-20")],
        ),
        ("Den Haag, 1 oktober 2024\n\nIk stuur uw Kamer begin 2025 een brief.", [("begin 2025", "2025-03-31")]),
        ("Den Haag, 1 oktober 2024\n\nDe resultaten worden eind 2025 verwacht.", [("eind 2025", "2025-12-31")]),
        ("Den Haag, 18 december 2014\n\nHet rapport heeft uw Kamer voor de zomer ontvangen.", []),
        ("Den Haag, 18 december 2014\n\nDe volgende bijeenkomst staat gepland voor 22 januari 2015.", []),
        ("Den Haag, 18 december 2014\n\nSinds eind 2011 is steun mogelijk; dat zal zo blijven.", []),
        ("Op 1 juli 2010 is de procedure ingevoerd.", []),
        ("Den Haag, 1 oktober 2024\n\nIk zal u in de loop van 2023 informeren.", []),
    ],
)
def test_new_deadlines(text, expected):
    found = analyse_letter(text).to_dict()["new_deadlines"]
    assert [(d["phrase"], d["latest"]) for d in found] == expected


# -- header fields -----------------------------------------------------------------------------


def test_own_ref_from_running_page_headers():
    page = "Tweede Kamer, vergaderjaar 2014–2015, 29 344, nr. 123 {}\n\nTekst over terugkeer op pagina {}.\n\n"
    text = "".join(page.format(n, n) for n in range(1, 4)) + "Zie ook Kamerstuk 29 344, nr. 120."
    result = analyse_letter(text).to_dict()
    assert ref_key(result["own_ref"]) == ("29344", None, "123") and result["own_ref"]["source"] == "header"
    assert {ref_key(r) for r in result["kamerstuk_refs"]} == {("29344", None, "120")}


def test_own_ref_from_dossier_heading_and_bare_mention():
    heading = analyse_letter("29 344 Terugkeerbeleid\n\nNr. 140 BRIEF VAN DE MINISTER\n\nTekst.").own_ref
    assert (heading.dossier, heading.nr, heading.source) == ("29344", "140", "heading")
    bare = analyse_letter("Nr. 140 BRIEF VAN DE MINISTER\n\nIn het dossier Kamerstuk 29 344 is dat gemeld.").own_ref
    assert (bare.dossier, bare.nr, bare.source) == ("29344", "140", "bare-dossier-mention")
    unknown = analyse_letter("Nr. 140 BRIEF VAN DE MINISTER\n\nTekst zonder verwijzing.").own_ref
    assert (unknown.dossier, unknown.nr) == (None, "140")


def test_date_from_datum_field_and_signers():
    text = (
        "Datum\n7 april 2026\n\nTekst.\n\n"
        "De Minister van Justitie en Veiligheid,\nD.M. van Weel\n\n"
        "De Staatssecretaris van Justitie en Veiligheid,\nmr. A. Struycken\n"
    )
    analysis = analyse_letter(text)
    assert analysis.date == date(2026, 4, 7)
    assert [(s.name, s.role) for s in analysis.signers] == [
        ("D.M. van Weel", "Minister van Justitie en Veiligheid"),
        ("mr. A. Struycken", "Staatssecretaris van Justitie en Veiligheid"),
    ]


def test_role_in_running_text_is_no_signature():
    text = "Het overleg met\nDe Minister van Financiën, de heer Jansen, heeft plaatsgevonden.\n"
    assert analyse_letter(text).signed_by is None


def test_empty_and_plain_text():
    assert analyse_letter("").to_dict()["kamerstuk_refs"] == []
    assert analyse_letter("Geen verwijzingen hier.").own_ref is None
    with pytest.raises(TypeError):
        analyse_letter(b"bytes")  # type: ignore[arg-type]


# -- PDF ---------------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF with a Helvetica text layer; ``pages`` holds each page's lines."""
    objects: list[str | bytes] = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 770 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1") + stream + b"\nendstream")
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + (body if isinstance(body, bytes) else body.encode("latin-1"))
        out += b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


LETTER_PDF_PAGES = [
    [
        "Nr. 123 BRIEF VAN DE STAATSSECRETARIS",
        "",
        "Den Haag, 18 december 2014",
        "",
        "Tijdens het algemeen overleg van 2 juli 2014 (Kamerstuk 19 637, nr. 1901),",
        "heb ik toegezegd uw Kamer een overzicht te sturen.",
    ],
    ["De Staatssecretaris van Veiligheid en Justitie,", "F. Teeven"],
]


def test_pdf_text_feeds_the_analyser():
    text = extract_text_from_pdf(make_pdf(LETTER_PDF_PAGES))
    assert "Kamerstuk 19 637, nr. 1901" in text
    result = analyse_letter(text).to_dict()
    assert result["date"] == "2014-12-18"
    assert {ref_key(r) for r in result["kamerstuk_refs"]} == {("19637", None, "1901")}
    assert result["signed_by"] == {"name": "F. Teeven", "role": "Staatssecretaris van Veiligheid en Justitie"}
    assert [c["settles"] for c in result["commitments"]] == [True]


def _written(writer) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_encrypted_with_a_password_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(LETTER_PDF_PAGES))))
    writer.encrypt("geheim", algorithm="RC4-128")
    with pytest.raises(PdfError, match="wachtwoord"):
        extract_text_from_pdf(_written(writer))


def test_pdf_with_only_an_owner_password_is_read():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(LETTER_PDF_PAGES))))
    writer.encrypt("", "eigenaar", algorithm="RC4-128")
    assert "Den Haag, 18 december 2014" in extract_text_from_pdf(_written(writer))


def test_pdf_without_text_layer_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with pytest.raises(PdfError, match="tekstlaag"):
        extract_text_from_pdf(_written(writer))


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"Dit is gewone tekst", b"%PDF-1.4 kapot", make_pdf(LETTER_PDF_PAGES)[:300]],
)
def test_pdf_empty_or_corrupt_is_refused(data):
    with pytest.raises(PdfError):
        extract_text_from_pdf(data)
    assert issubclass(PdfError, ValueError)


def test_pdf_needs_bytes():
    with pytest.raises(TypeError):
        extract_text_from_pdf("%PDF-1.4")  # type: ignore[arg-type]
