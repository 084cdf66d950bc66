"""The letter analyser read the way a parliamentary clerk reads: one test per form found in real
letters (issue 15 "What was found" and the Senate forms of issue 18). Each input is written from the
form -- how letters, the official XML and copied web pages lay it out -- not taken from one letter.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from parsing.letters import analyse_letter


def result(text: str, **kwargs) -> dict:
    return analyse_letter(text, **kwargs).to_dict()


def own(text: str, **kwargs) -> tuple | None:
    found = result(text, **kwargs)["own_ref"]
    return None if found is None else (found["dossier"], found["suffix"], found["nr"])


def refs(text: str) -> set[tuple]:
    return {(r["dossier"], r["suffix"], r["nr"]) for r in result(text)["kamerstuk_refs"]}


def deadlines(text: str, **kwargs) -> list[tuple]:
    return [(d["phrase"], d["latest"]) for d in result(text, **kwargs)["new_deadlines"]]


# -- the letter's own number -----------------------------------------------------------------------

XML_HEADING = "Kamerstukken\n36 592\nDefensienota 2024\nNr.\n18\nBRIEF VAN DE MINISTER VAN DEFENSIE\n\n"
BODY = (
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 12 maart 2024\n\n"
    "Hierbij bied ik uw Kamer de Defensienota aan, zoals in de brief van 20 februari 2024 aangekondigd.\n"
)


def test_own_number_when_nr_and_number_stand_on_separate_lines():
    assert own(XML_HEADING + BODY) == ("36592", None, "18")


def test_own_number_when_the_text_starts_with_the_dossier_heading():
    text = (
        "21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken\n\n"
        "Nr. 1581 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN\n\n" + BODY
    )
    assert own(text) == ("21501", "02", "1581")


def test_own_number_from_a_copied_web_page_with_navigation_and_the_kst_id():
    text = (
        "Zoeken in officiële publicaties\nMenu\nHome\nOfficiële bekendmakingen\nKamerstukken\n"
        "Kamerstuk 36592, nr. 18 | Overheid.nl > Officiële bekendmakingen\nDirect naar\nInhoud\nDownloads\n"
        "Printen\nDelen\nkst-36592-18\nISSN 0921 - 7371\n's-Gravenhage 2024\n"
        "Tweede Kamer der Staten-Generaal\n2\nVergaderjaar 2023–2024\nDefensienota 2024\n"
        "BRIEF VAN DE MINISTER VAN DEFENSIE\n\n" + BODY
    )
    analysis = result(text)
    assert own(text) == ("36592", None, "18")
    assert analysis["own_ref"]["source"] == "kst-id"
    assert analysis["kamerstuk_refs"] == []  # the page's own id and title are not citations


def test_own_number_of_a_letter_in_two_dossiers():
    for heading in (
        "Kamerstukken\n21 501-20\nEuropese Raad\n36 045\nSituatie in Oekraïne\nNr.\n2012\n",
        "21 501-20 Europese Raad\n\n36 045 Situatie in Oekraïne\n\nNr. 2012 BRIEF VAN DE MINISTER-PRESIDENT\n\n",
    ):
        analysis = result(heading + BODY)
        assert own(heading + BODY) == ("21501", "20", "2012"), heading
        assert analysis["own_ref"]["other_dossiers"] == ["36045"]


def test_own_number_when_the_heading_is_a_table_row():
    text = (
        "| Tweede Kamer der Staten-Generaal | 2 |\n|---|---|\n| Vergaderjaar 2023–2024 | |\n"
        "| 36 592 | Defensienota 2024 |\n| Nr. 18 | BRIEF VAN DE MINISTER VAN DEFENSIE |\n\n" + BODY
    )
    assert own(text) == ("36592", None, "18")


# -- references ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zie Kamerstukken I 2020/21, 35 570, C.", {("35570", None, "C")}),
        ("zie Kamerstukken Eerste Kamer 2014-15, 31 145, AA.", {("31145", None, "AA")}),
        ("(Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3)", {("22112", None, "CK")}),
        ("de brief (Kamerstuk 36 410, nrs. 1–3) gaat hierover.", {("36410", None, n) for n in ("1", "2", "3")}),
        ("zie Kamerstuk 36 200 VI, nr. 4, p. 12 en 13, en nr. 6.", {("36200", "VI", "4"), ("36200", "VI", "6")}),
        ("de begroting (Kamerstuk 19 700 hoofdstuk XV, nr. 2) noemt", {("19700", "XV", "2")}),
        ("zoals gemeld (Kamerstuk 36672-5 en 6) is", {("36672", None, "5"), ("36672", None, "6")}),
        ("zie Kamerstukken II 2008/09, 31 700 VI, nr. 12, pag. 3.", {("31700", "VI", "12")}),
        ("zie Kamerstukken II 2008/09, 31 700 VI, nr. 12, pagina 3.", {("31700", "VI", "12")}),
        ("zie Kamerstukken II 2008/09, 31 700 VI, nr. 12, bladzijde 3.", {("31700", "VI", "12")}),
        ("zie Kamerstukken II 2008/09, 31 700 VI, nr. 12, p. 17, 19-22.", {("31700", "VI", "12")}),
        ("zie TK 2008-2009, 31 700 VI, nr. 12.", {("31700", "VI", "12")}),
    ],
)
def test_citation_forms(text, expected):
    assert refs(text) == expected


def test_senate_citations_carry_the_chamber_and_every_dossier():
    found = {
        r["kst_id"]: r
        for r in result(
            "Zie Kamerstukken I 2020/21, 35 570, C en (Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3)."
        )["kamerstuk_refs"]
    }
    assert set(found) == {"kst-35570-C", "kst-22112-31544-CK"}
    assert {r["chamber"] for r in found.values()} == {"EK"}
    assert found["kst-22112-31544-CK"]["dossiers"] == ["22112", "31544"]
    tk = result("Zie Kamerstuk 33 750 VI, nr. 63.")["kamerstuk_refs"][0]
    assert (tk["kst_id"], tk["chamber"]) == ("kst-33750-VI-63", "TK")


def test_every_senate_citation_form_in_one_letter():
    text = (
        "Zie Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3, Kamerstukken I 2020/21, 35 570, C en "
        "Kamerstukken Eerste Kamer 2014-15, 31 145, AA. Hiermee doe ik toezegging T02615 gestand, en T01237 "
        "(Handelingen I 2019/20, nr. 12, item 5)."
    )
    analysis = result(text)
    found = {r["kst_id"]: r for r in analysis["kamerstuk_refs"]}
    assert set(found) == {"kst-22112-31544-CK", "kst-35570-C", "kst-31145-AA"}
    assert {r["chamber"] for r in found.values()} == {"EK"}
    assert [t["number"] for t in analysis["senate_commitments"]] == ["T02615", "T01237"]
    [handelingen] = analysis["handelingen_refs"]
    assert (handelingen["chamber"], handelingen["nrs"], handelingen["item"]) == ("I", ["12"], "5")


def test_senate_commitment_numbers():
    analysis = result("Met deze brief doe ik toezegging T02615 gestand; zie ook T01237 en T1237 of AT01237X.")
    assert [t["number"] for t in analysis["senate_commitments"]] == ["T02615", "T01237"]


def test_handelingen_i_with_item():
    [ref] = result("Zoals besproken (Handelingen I 2019/20, nr. 12, item 5) is dat zo.")["handelingen_refs"]
    assert (ref["chamber"], ref["session"], ref["nrs"], ref["item"]) == ("I", "2019/20", ["12"], "5")


def test_handelingen_with_a_dossier_number_is_not_a_kamerstuk():
    text = "Zie Handelingen II, vergaderjaar 2008-2009, 31 386, nr. 43."
    assert refs(text) == set()
    [ref] = result(text)["handelingen_refs"]
    assert (ref["chamber"], ref["session"], ref["nrs"]) == ("II", "2008/09", ["43"])


def test_date_written_before_the_reference_is_attached_to_it():
    [ref] = result("In mijn brief van 22 december 2023 (Kamerstuk 27 925, nr. 962) schreef ik dat.")["kamerstuk_refs"]
    assert ref["date"] == "2023-12-22"


# -- motions, requests, signature ----------------------------------------------------------------------


def test_two_motions_named_together_are_two_motions():
    motions = result(
        "Met deze brief geef ik uitvoering aan de moties Marijnissen c.s. en Klaver c.s. over koopkracht."
    )["motions"]
    assert [(m["surnames"], m["settles"]) for m in motions] == [(["Marijnissen"], True), (["Klaver"], True)]


def test_motion_of_lid_without_article():
    [motion] = result("Dit betreft de motie van lid Klaver c.s. over de koopkracht.")["motions"]
    assert motion["surnames"] == ["Klaver"]


def test_one_line_signature_with_two_roles():
    text = "Tekst van de brief.\n\nDe Minister-President, Minister van Algemene Zaken, H.W.M. Schoof\n"
    assert result(text)["signed_by"] == {
        "name": "H.W.M. Schoof",
        "role": "Minister-President, Minister van Algemene Zaken",
    }


def test_request_of_one_member():
    [request] = result(
        "Den Haag, 1 maart 2024\n\nIn het debat van 8 februari 2024 verzocht het lid Timmermans om een "
        "brief over de stand van zaken. Met deze brief voldoe ik aan dat verzoek.\n"
    )["requests"]
    assert request["members"] == ["Timmermans"]
    assert request["settles"] is True


# -- negation, conditions, scheduled events ------------------------------------------------------------

NOT_POSSIBLE = (
    "Den Haag, 5 maart 2024\n\nHet is daarom niet mogelijk, zoals eerder toegezegd, uw Kamer eind februari "
    "te informeren over de uitkomsten van het onderzoek.\n"
)


def test_a_negated_sentence_settles_nothing_and_promises_no_deadline():
    analysis = result(NOT_POSSIBLE)
    assert [c["settles"] for c in analysis["commitments"]] == [False]
    assert analysis["new_deadlines"] == []
    [note] = analysis["notes"]
    assert note["kind"] == "negated" and "niet mogelijk" in note["words"]
    assert note["text"].startswith("Het is daarom niet mogelijk")


@pytest.mark.parametrize(
    "sentence",
    [
        "Indien de Raad instemt, stuur ik uw Kamer voor de zomer een brief.",
        "Mocht het onderzoek slagen, dan informeer ik uw Kamer voor de zomer.",
        "Als de Europese Commissie een voorstel doet, zal ik uw Kamer voor de zomer informeren.",
    ],
)
def test_a_conditional_sentence_promises_no_deadline(sentence):
    analysis = result("Den Haag, 1 februari 2024\n\n" + sentence + "\n")
    assert analysis["new_deadlines"] == []
    assert [n["kind"] for n in analysis["notes"]] == ["conditional"]


def test_a_conditional_sentence_settles_no_motion():
    [motion] = result("Mocht het onderzoek slagen, dan is de motie van het lid Van Hijum hiermee afgedaan.")["motions"]
    assert motion["settles"] is False


def test_a_scheduled_debate_is_no_promise():
    text = (
        "Den Haag, 2 april 2024\n\nIk stuur u hierbij informatie ten behoeve van het commissiedebat "
        "Vreemdelingen- en asielbeleid op 16 april aanstaande.\n"
    )
    assert deadlines(text) == []


def test_a_weekday_before_the_date():
    assert deadlines("Den Haag, 2 september 2024\n\nIk zal uw Kamer op vrijdag 13 september 2024 informeren.\n") == [
        ("op vrijdag 13 september 2024", "2024-09-13")
    ]


# -- deadline phrases letters use, counted from the letter's date --------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ik informeer uw Kamer dit kwartaal over de uitkomst.", ("dit kwartaal", "2024-03-31")),
        ("Ik informeer uw Kamer volgend kwartaal over de uitkomst.", ("volgend kwartaal", "2024-06-30")),
        ("Ik informeer uw Kamer binnen twee weken over de uitkomst.", ("binnen twee weken", "2024-03-19")),
        ("Ik stuur uw Kamer volgende week de brief.", ("volgende week", "2024-03-17")),
        ("Ik stuur uw Kamer nog dit jaar de evaluatie.", ("nog dit jaar", "2024-12-31")),
        ("Ik stuur uw Kamer uiterlijk 18de juli de evaluatie.", ("uiterlijk 18de juli", "2024-07-18")),
        ("U ontvangt de rapporten 13 t/m 15 juli.", ("13 t/m 15 juli", "2024-07-15")),
    ],
)
def test_relative_and_written_out_deadlines(sentence, expected):
    assert deadlines("Den Haag, 5 maart 2024\n\n" + sentence + "\n") == [expected]


BEFORE_DEBATE = (
    "Den Haag, 5 maart 2024\n\nIk stuur uw Kamer de evaluatie vóór het commissiedebat Vreemdelingen- en asielbeleid.\n"
)


def test_before_a_known_debate_uses_its_date():
    debates = [
        ("Commissiedebat Vreemdelingen- en asielbeleid", date(2024, 4, 16)),
        ("Commissiedebat Politie", date(2024, 4, 10)),
    ]
    [deadline] = result(BEFORE_DEBATE, debates=debates)["new_deadlines"]
    assert (deadline["phrase"], deadline["latest"]) == ("vóór het commissiedebat", "2024-04-15")
    assert deadline["event"] == "Commissiedebat Vreemdelingen- en asielbeleid"


def test_before_an_unknown_debate_is_kept_as_written_without_a_date():
    [deadline] = result(BEFORE_DEBATE)["new_deadlines"]
    assert (deadline["phrase"], deadline["latest"]) == ("vóór het commissiedebat", None)


# -- evidence -------------------------------------------------------------------------------------------


def test_every_finding_carries_its_sentence_and_settling_words():
    analysis = result(
        "Den Haag, 1 oktober 2024\n\nMet deze brief geef ik invulling aan de motie van het lid Van Hijum (CDA) "
        "(Kamerstuk 33 750 VI, nr. 63). Zoals toegezegd stuur ik u hierbij de cijfers.\n"
    )
    [motion] = analysis["motions"]
    assert motion["evidence"].startswith("Met deze brief geef ik invulling")
    assert motion["settled_by"] == "Met deze brief geef ik invulling"
    [commitment] = analysis["commitments"]
    assert commitment["evidence"] == "Zoals toegezegd stuur ik u hierbij de cijfers."
    assert commitment["settled_by"] == "Zoals toegezegd stuur"


def test_nothing_settled_without_words_that_say_so():
    for item in result(NOT_POSSIBLE)["commitments"]:
        assert item["settled_by"] is None


# -- precision across the shared letters and every case above ------------------------------------------

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "letters"
HEDGED = re.compile(r"\b(?:niet|geen|indien|mocht|mochten|tenzij|mits|zodra)\b|(?:^|, )(?:als|wanneer)\b", re.I)
MEETING_DATE = re.compile(r"(?:commissiedebat|debat|overleg|bijeenkomst|vergadering)[^,;.]{0,80}$", re.I)


def all_cases() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    texts += [value for name, value in globals().items() if name.isupper() and isinstance(value, str) and "\n" in value]
    texts += [XML_HEADING + BODY]
    return texts


@pytest.mark.parametrize("index", range(len(all_cases())))
def test_precision_no_invented_reference_no_hedged_settles_no_scheduled_deadline(index):
    text = all_cases()[index]
    flat = " ".join(text.split())
    analysis = result(text)
    for ref in analysis["kamerstuk_refs"]:
        digits = ref["dossier"][:2]
        assert digits in flat and ref["nr"] in flat, ref  # read from the text, not made up
        assert " ".join(ref["text"].split()).replace("- ", "-") in flat.replace("- ", "-") or ref["text"] in flat, ref
    for kind in ("motions", "commitments", "requests"):
        for item in analysis[kind]:
            if item["settles"]:
                assert item["settled_by"] and item["settled_by"] in item["evidence"], item
                assert not HEDGED.search(item["evidence"]), item
            else:
                assert item["settled_by"] is None, item
    for deadline in analysis["new_deadlines"]:
        assert not HEDGED.search(deadline["text"]), deadline
        before = deadline["text"][: deadline["text"].index(deadline["phrase"])]
        assert not (MEETING_DATE.search(before) and deadline["phrase"].lower().startswith("op ")), deadline
