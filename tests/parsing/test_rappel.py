"""parsing.rappel against the real Eerste Kamer excerpts in shared/corpus, and hostile input.

The expected values below were read by hand from
shared/corpus/tk-opendata/toezeggingen/ek_toezeggingen_real_excerpts.txt (four pages: two rappel pages,
two committees' decisions on a rappel).
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from parsing.kamerstuk import KamerstukRef
from parsing.rappel import (
    MAX_TEXT_LENGTH,
    CommitteeRef,
    KamerstukEntry,
    RappelError,
    html_to_text,
    read_rappel,
)
from tests.senate import KEYS as KERNGEGEVENS_LABELS

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "tk-opendata" / "toezeggingen"
EXCERPTS = CORPUS / "ek_toezeggingen_real_excerpts.txt"


def _pages() -> dict[str, str]:
    """The excerpt file's pages by source address, without the researcher's lines."""
    raw = EXCERPTS.read_text(encoding="utf-8")
    pages = {}
    for part in raw.split("##### SOURCE: ")[1:]:
        source, body = part.split("\n", 1)
        pages[source.strip()] = body
    return pages


PAGES = _pages()
RAPPEL_BZK = "https://www.eerstekamer.nl/rappel?ministerie=vghyngkof7kr&rappel=vmqtf141wdrz"
RAPPEL_TABLE = "https://www.eerstekamer.nl/rappel?ministerie=vghyngkof7kr&rappel=vm6skvfv89i3"
NOTES_IWO = "https://www.staten-generaal.nl/9370000/1/j9vvkfvj6b325az/vlo5pt0e91wx?dossier=vl9cj4xn1ge8"
NOTES_KOREL = "https://eerstekamer.nl/9370000/1/j9vvkfvj6b325az/vltznzsnyos8?dossier=vlnujsd3agrf"

BZK = "Minister van Binnenlandse Zaken en Koninkrijksrelaties"
BIZA = CommitteeRef("commissie voor Binnenlandse Zaken", "BIZA")

# Every complete record of the rappel pages, field by field.
RECORDS = {
    "T01237": {
        "title": "Toezending conceptversie richtlijn",
        "heading_reference": "22.112 / 31.544, CK",
        "status": "openstaand",
        "promised_on": date(2009, 4, 7),
        "deadline": date(2024, 1, 1),
        "deadline_written": "1 januari 2024",
        "former_responsible": ("Staatssecretaris van Buitenlandse Zaken",),
        "responsible": (BZK,),
        "committees": (BIZA,),
        "activity": "Schriftelijk overleg",
        "category": "overig",
        "subjects": ("discriminatie", "gelijke behandeling", "richtlijnen"),
        "kamerstukken": (
            KamerstukEntry("Europees voorstel voor richtlijn gelijke behandeling", ("31 544",)),
            KamerstukEntry(
                "Nieuwe Commissievoorstellen en initiatieven van de lidstaten van de Europese Unie", ("22 112",)
            ),
        ),
        "truncated": False,
        "missing": (),
    },
    "T01970": {
        "title": "Schrappen artikel 5, tweede lid, sub d van de Algemene wet gelijke behandeling",
        "heading_reference": "33.344",
        "status": "deels voldaan",
        "promised_on": date(2014, 5, 27),
        "deadline": date(2025, 7, 1),
        "deadline_written": "1 juli 2025",
        "former_responsible": (),
        "responsible": (BZK,),
        "committees": (BIZA,),
        "activity": "Plenaire vergadering",
        "category": "evaluatie",
        "kamerstukken": (
            KamerstukEntry(
                "Initiatiefvoorstel-Pia Dijkstra en Schouw Gewetensbezwaren ambtenaren van de burgerlijke stand",
                ("33 344",),
            ),
        ),
        # The excerpt is cut in the debate quotes: the fields are all there, the passages are not.
        "truncated": True,
        "missing": (),
    },
}

# The committees' decisions: number -> (status kept, new deadline).
DECISIONS = {
    NOTES_IWO: {
        **dict.fromkeys(("T02867", "T02849", "T02857", "T02887", "T02908"), (None, None)),
        **dict.fromkeys(("T02883", "T02889", "T02897", "T02901", "T03131"), ("voldaan", None)),
        "T02853": ("deels voldaan", None),
        "T02881": ("deels voldaan", date(2023, 1, 1)),
        **dict.fromkeys(("T02442", "T02854", "T02892", "T02898", "T02873", "T03130"), ("openstaand", None)),
        "T03063": ("openstaand", date(2021, 11, 30)),
        "T02884": ("openstaand", date(2022, 1, 1)),
        "T02906": ("openstaand", date(2022, 1, 1)),
        "T02880": ("openstaand", date(2022, 2, 1)),
        "T02882": ("openstaand", date(2022, 2, 1)),
        "T02869": ("openstaand", date(2022, 4, 1)),
        "T02874": ("openstaand", date(2022, 4, 1)),
        "T03129": ("openstaand", date(2022, 4, 1)),
        "T02444": ("openstaand", date(2023, 1, 1)),
    },
    NOTES_KOREL: {
        "T01222": ("openstaand", date(2023, 1, 1)),
        "T03271": ("voldaan", None),
        "T03272": ("openstaand", date(2022, 10, 1)),
        "T03273": ("openstaand", date(2022, 12, 1)),
        "T03275": ("openstaand", date(2022, 7, 1)),
    },
}


def _records():
    return {
        record.number: record for source in (RAPPEL_BZK, RAPPEL_TABLE) for record in read_rappel(PAGES[source]).records
    }


def test_the_corpus_has_the_four_pages():
    assert set(PAGES) == {RAPPEL_BZK, RAPPEL_TABLE, NOTES_IWO, NOTES_KOREL}


def test_every_t_number_in_the_file_is_read():
    written = set(re.findall(r"T\d{5}", EXCERPTS.read_text(encoding="utf-8")))
    read = set(_records())
    for source in DECISIONS:
        read |= {decision.number for decision in read_rappel(PAGES[source]).decisions}
    assert read == written
    assert len(written) == 35


def test_rappel_header():
    page = read_rappel(PAGES[RAPPEL_BZK])
    assert page.ministry == "Binnenlandse Zaken en Koninkrijksrelaties"
    assert page.rappel == "Rappel toezeggingen september 2025"
    assert page.rappel_until == date(2025, 7, 2)
    assert [record.number for record in page.records] == ["T01237", "T02615"]
    # The table excerpt starts at the first record: no header, nothing invented.
    table = read_rappel(PAGES[RAPPEL_TABLE])
    assert (table.ministry, table.rappel, table.rappel_until) == (None, None, None)


@pytest.mark.parametrize("number", sorted(RECORDS))
def test_every_field_of_the_real_records(number):
    record = _records()[number]
    for name, expected in RECORDS[number].items():
        assert getattr(record, name) == expected, name
    assert record.usable


def test_commitment_text_and_passages():
    record = _records()["T01237"]
    assert record.text.startswith("De staatssecretaris voor Europese Zaken zegt de Kamer")
    assert record.text.endswith("aan de Eerste Kamer opstuurt.")
    assert record.dossiers == ("31 544", "22 112")
    assert [(p.citation, p.page) for p in record.passages] == [
        ("Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 2", "2"),
        ("Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3", "3"),
    ]
    reference = KamerstukRef.parse("Kamerstukken I 2008/09, 22 112 / 31 544, CK")
    for passage in record.passages:
        assert passage.reference == reference
        assert passage.reference.session == "2008-2009"
        assert passage.reference.dossiers == ("22112", "31544")
    assert record.passages[0].text.startswith("De commissie verzoekt de regering")
    assert record.passages[1].text.startswith("Wanneer het richtlijnvoorstel in de besluitvormende fase komt")
    assert record.passages[1].text.endswith("aan u doen toekomen.")
    assert record.remarks == ("Zie voor meer informatie ook Edossier E080071",)


def test_table_record_members_subjects_and_handelingen():
    record = _records()["T01970"]
    assert record.members[0].startswith("prof. dr. S.C. van Bijsterveld (CDA)")
    assert record.members[0].endswith("Mr. J.M. Schouwenaar (VVD)")
    # The table puts the subjects on one line; they are kept as written, not split by guess.
    assert record.subjects == ("Algemene wet gelijke behandeling huwelijken weigerambtenaren",)
    assert [(p.citation, p.reference, p.page) for p in record.passages] == [
        ("Handelingen I 2013-2014, nr. 31, item 10 - blz. 3", None, "3")
    ]


def test_a_cut_record_is_reported_not_invented():
    record = _records()["T02615"]
    assert record.title == "Effecten van de wet"
    assert record.heading_reference == "34.349"
    assert record.truncated
    assert not record.usable
    assert record.missing == ("number", "status", "promised_on", "deadline", "responsible")
    assert (record.status, record.deadline, record.responsible, record.committees) == (None, None, (), ())


@pytest.mark.parametrize("source", sorted(DECISIONS))
def test_committee_decisions(source):
    page = read_rappel(PAGES[source])
    assert page.records == ()
    assert {d.number: (d.status, d.deadline) for d in page.decisions} == DECISIONS[source]


def test_committee_meeting_header():
    page = read_rappel(PAGES[NOTES_KOREL])
    assert page.meeting_date == date(2022, 6, 21)
    assert page.title.startswith("Korte aantekeningen vergadering commissie Koninkrijksrelaties (KOREL)")
    assert read_rappel(PAGES[NOTES_IWO]).meeting_date == date(2021, 11, 23)


def test_saved_html_page_reads_like_its_text():
    """A saved page: the header and text in paragraphs, the Kerngegevens as a table, a list of subjects."""
    lines = [line for line in PAGES[RAPPEL_BZK].splitlines() if line.strip()]
    fields_start = lines.index("Kerngegevens") + 1
    fields_end = lines.index("Uit de stukken")
    rows = []
    for line in lines[fields_start:fields_end]:
        head = next(
            (name for name in KERNGEGEVENS_LABELS if line.startswith(name + " ")),
            None,
        )
        if head:
            rows.append([head, [line[len(head) + 1 :]]])
        else:
            rows[-1][1].append(line)
    table = "".join(
        f"<tr><th>{html.escape(head)}</th><td>{'<br>'.join(html.escape(v) for v in values)}</td></tr>"
        for head, values in rows
    )
    before = "".join(f"<p>{html.escape(line)}</p>" for line in lines[: fields_start - 1])
    after = "".join(f"<p>{html.escape(line)}</p>" for line in lines[fields_end:])
    page_html = (
        f"<html><head><title>x</title><script>var Status = 1;</script></head><body>{before}"
        f"<h2>Kerngegevens</h2><table>{table}</table>{after}</body></html>"
    )
    assert "Nummer T01237" in html_to_text(page_html).splitlines()
    from_html = read_rappel(page_html)
    from_text = read_rappel(PAGES[RAPPEL_BZK])
    assert from_html == from_text


def test_pasting_the_same_text_twice_reads_the_same():
    assert read_rappel(PAGES[RAPPEL_BZK]) == read_rappel(PAGES[RAPPEL_BZK])


def test_windows_line_ends_and_non_breaking_spaces():
    text = PAGES[RAPPEL_BZK].replace("\n", "\r\n").replace("Status openstaand", "Status\xa0openstaand")
    assert read_rappel(text) == read_rappel(PAGES[RAPPEL_BZK])


# -- hostile and odd input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "garbage", ["", "   \n\n", "lorem ipsum dolor sit amet\n" * 200, "\x00\x01\x02", "<html><body>hallo</body></html>"]
)
def test_garbage_finds_nothing(garbage):
    page = read_rappel(garbage)
    assert page.found_nothing
    assert "Geen toezeggingen gevonden" in page.message


def test_huge_text_is_refused_clearly():
    with pytest.raises(RappelError, match="te lang"):
        read_rappel("x" * (MAX_TEXT_LENGTH + 1))
    with pytest.raises(RappelError, match="te lang"):
        html_to_text("<p>" + "x" * MAX_TEXT_LENGTH + "</p>")


def test_not_text_is_refused():
    with pytest.raises(RappelError):
        read_rappel(b"Toezegging x (T01237)")  # type: ignore[arg-type]


def test_unreadable_fields_are_problems_not_guesses():
    text = (
        "Toezegging Iets (T09999)\nDe minister zegt toe.\nKerngegevens\nNummer T09998\nStatus half af\n"
        "Datum toezegging ergens in 2020\nDeadline 31 februari 2024\nHuidige Verantwoordelijke(n) Minister van Financiën\n"
    )
    record = read_rappel(text).records[0]
    assert (record.status, record.promised_on, record.deadline) == (None, None, None)
    assert len(record.problems) == 4
    assert not record.usable
    assert record.missing == ()


def test_a_status_word_in_the_commitment_text_is_not_a_field():
    text = "Toezegging Iets (T09999)\nStatus quo blijft | zo\nKerngegevens\nNummer T09999\nStatus voldaan\n"
    record = read_rappel(text).records[0]
    assert record.text == "Status quo blijft | zo"
    assert record.status == "voldaan"


def test_long_lines_stay_linear():
    """A pathological line (no newlines, many parentheses and dots) reads quickly."""
    import time

    text = "Toezegging " + "(12.345 " * 50_000 + " (T01237)\n" + "Kamerstukken " + "(31.544 / " * 50_000 + "\n"
    started = time.perf_counter()
    read_rappel(text)
    assert time.perf_counter() - started < 5


def test_a_definition_list_page_reads_field_by_field():
    page_html = (
        "<h1>Rappelabele toezeggingen Financiën (Rappel toezeggingen maart 2026)</h1><p>Dit is het rappel tot 01-02-26.</p>"
        "<h2>Toezegging Iets (36.200 IXB) (T09999)</h2><p>De minister zegt toe.</p><h3>Kerngegevens</h3>"
        "<dl><dt>Nummer</dt><dd>T09999</dd><dt>Status</dt><dd>voldaan</dd><dt>Datum toezegging</dt><dd>3 maart 2025</dd>"
        "<dt>Deadline</dt><dd>1 december 2025</dd><dt>Huidige Verantwoordelijke(n)</dt><dd>Minister van Financiën<br>"
        "Staatssecretaris van Financiën</dd><dt>Onderwerpen</dt><dd>belastingen<br>toeslagen</dd>"
        "<dt>Kamerstukken</dt><dd>Begroting (36.200 IXB)</dd></dl><h3>Historie</h3>"
    )
    page = read_rappel(page_html)
    assert (page.ministry, page.rappel, page.rappel_until) == (
        "Financiën",
        "Rappel toezeggingen maart 2026",
        date(2026, 2, 1),
    )
    record = page.records[0]
    assert (record.number, record.status, record.promised_on, record.deadline) == (
        "T09999",
        "voldaan",
        date(2025, 3, 3),
        date(2025, 12, 1),
    )
    assert record.responsible == ("Minister van Financiën", "Staatssecretaris van Financiën")
    assert record.subjects == ("belastingen", "toeslagen")
    assert record.kamerstukken == (KamerstukEntry("Begroting", ("36 200 IXB",)),)
    assert record.usable and not record.truncated
