"""The answer to the Senate's rappel: per ministry its open Senate commitments, one row per T-number,
with status, what was done, the expected date and the answering letter, as XLSX (read back here) and
printable HTML, downloadable in the admin by the ministry's own staff only. On the real records of the
Senate's registry (T01237 read from the corpus excerpt; T01970's Kerngegevens as the rappel page shows
them) and the minister's real rappel letter of 12 November 2021 (35925 VII / 35925 IV, A)."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from commitments.services import commitment_create
from core import deadlines
from core.models import Chamber
from exports import rappel
from exports.services import export_overview, overview_rows
from letters.models import LetterStatus, LinkEffect
from letters.services import letter_send
from tests.factories import MinistryFactory, make_commitment, make_letter, make_staff
from tests.senate import make_senate_commitment

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
TODAY = dt.date(2025, 9, 1)


@pytest.fixture
def bzk_items():
    bzk = MinistryFactory(abbreviation="BZK", name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")
    other = MinistryFactory(abbreviation="JenV")
    t01237 = make_senate_commitment(bzk)
    t01970 = commitment_create(
        chamber=Chamber.EERSTE_KAMER,
        senate_number="T01970",
        ministry=bzk,
        made_on=dt.date(2014, 5, 27),
        text='=HYPERLINK("http://example.org") Voorstel om artikel 5, lid 2, onderdeel d Awgb te schrappen.',
        deadline_phrase="1 juli 2025",
        committee="commissie voor Binnenlandse Zaken (BIZA)",
        activity_type="Plenaire vergadering",
        category="evaluatie",
        subjects=["Algemene wet gelijke behandeling", "huwelijken", "weigerambtenaren"],
        responsible_ministers="Minister van Binnenlandse Zaken en Koninkrijksrelaties",
    )
    letter = make_letter(
        ministry=bzk,
        status=LetterStatus.APPROVED,
        ref="35925 VII / 35925 IV, A",
        date=dt.date(2021, 11, 12),
        links=[(t01237, LinkEffect.PARTLY_SETTLES, "")],
    )
    letter_send(letter=letter)
    deadlines.set_deadline(item=t01970, phrase="1 januari 2026", reason="Evaluatie loopt nog")
    make_commitment(ministry=bzk, number="TZ202501-001")  # the Tweede Kamer's: not in the rappel
    done = make_senate_commitment(bzk, senate_number="T03271")
    from commitments.services import commitment_transition

    commitment_transition(commitment=done, to="voldaan")  # fulfilled: not in the rappel
    make_senate_commitment(other, senate_number="T02615")  # another ministry's
    make_senate_commitment(bzk, senate_number="T02616", is_public=False)  # not public
    return {"bzk": bzk, "other": other, "t01237": t01237, "t01970": t01970, "letter": letter}


def test_one_row_per_open_t_number_with_what_was_done(bzk_items):
    rows = rappel.rappel_rows(ministry=bzk_items["bzk"], today=TODAY)
    assert [r.senate_number for r in rows] == ["T01237", "T01970"]
    t01237, t01970 = rows
    assert t01237.status == "deels voldaan" and "openstaand → deels voldaan" in t01237.done
    assert t01237.letters == "35 925 VII / 35 925 IV, A (12-11-2021): doet deels af"
    assert t01237.deadline_date == dt.date(2024, 1, 1) and t01237.overdue
    assert t01237.committee == "commissie voor Binnenlandse Zaken (BIZA)" and t01237.made_on == dt.date(2009, 4, 7)
    assert "termijn: 1 juli 2025 → 1 januari 2026" in t01970.done and "Evaluatie loopt nog" in t01970.done
    assert t01970.deadline_date == dt.date(2026, 1, 1) and not t01970.overdue and t01970.letters == ""


def test_the_xlsx_reads_back_with_dates_and_formula_safe_text(bzk_items):
    data, count = rappel.export_rappel_answer(ministry=bzk_items["bzk"], fmt="xlsx", today=TODAY)
    ws = load_workbook(io.BytesIO(data)).active
    header, *body = list(ws.iter_rows(values_only=True))
    assert count == 2 and len(body) == 2
    assert header == (
        "T-nummer",
        "Toezegging",
        "Commissie",
        "Datum toezegging",
        "Status",
        "Wat is gedaan",
        "Termijn (zoals geschreven)",
        "Verwachte datum",
        "Te laat",
        "Antwoordbrief",
    )
    first, second = body
    assert first[0] == "T01237" and first[1].startswith("De staatssecretaris voor Europese Zaken")
    assert first[3] == dt.datetime(2009, 4, 7) and first[7] == dt.datetime(2024, 1, 1) and first[8] == "ja"
    assert first[4] == "deels voldaan" and "deels voldaan" in first[5] and first[9]
    assert second[0] == "T01970" and second[7] == dt.datetime(2026, 1, 1) and second[8] == "nee"
    cell = ws["B3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and cell.quotePrefix
    assert ws["D2"].is_date and ws["D2"].number_format == "DD-MM-YYYY"


def test_the_printable_page(bzk_items):
    html, count = rappel.export_rappel_answer(ministry=bzk_items["bzk"], fmt="html", today=TODAY, csp_nonce="n0nce")
    text = html.decode()
    assert count == 2 and "T01237" in text and "T01970" in text and "T02615" not in text
    assert "Antwoord op het rappel van de Eerste Kamer" in text and 'nonce="n0nce"' in text
    assert "=HYPERLINK(&quot;http://example.org&quot;)" in text  # escaped, never markup
    with pytest.raises(ValueError):
        rappel.export_rappel_answer(ministry=bzk_items["bzk"], fmt="csv")


def test_only_the_ministrys_own_staff_download_it_in_the_admin(bzk_items, client):
    bzk_staff = make_staff("bzkstaf", bzk_items["bzk"])
    client.force_login(bzk_staff)
    listing = client.get("/admin/exports/overviewexport/").content.decode()
    assert "/admin/exports/overviewexport/BZK/rappel/xlsx/" in listing
    response = client.get("/admin/exports/overviewexport/BZK/rappel/xlsx/")
    assert response.status_code == 200 and "rappel-eerste-kamer-bzk" in response["Content-Disposition"]
    assert [
        r[0] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ] == ["T01237", "T01970"]
    assert client.get("/admin/exports/overviewexport/BZK/rappel/html/").status_code == 200
    assert client.get("/admin/exports/overviewexport/JenV/rappel/xlsx/").status_code == 404
    assert client.get("/admin/exports/overviewexport/BZK/rappel/pdf/").status_code == 404
    client.force_login(make_staff("jenvstaf", bzk_items["other"]))
    assert client.get("/admin/exports/overviewexport/BZK/rappel/xlsx/").status_code == 404


def test_the_rappel_answer_runs_a_fixed_number_of_queries(bzk_items):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            rappel.rappel_rows(ministry=bzk_items["bzk"], today=TODAY)
        return len(ctx)

    before = count()
    assert before == 3  # the commitments, their answering letters, their public timelines
    for i in range(15):
        c = make_senate_commitment(bzk_items["bzk"], senate_number=f"T05{i:03d}")
        deadlines.set_deadline(item=c, phrase="1 maart 2026", reason="uitstel")
    assert count() == before
    assert len(rappel.rappel_rows(ministry=bzk_items["bzk"], today=TODAY)) == 17


def test_the_overview_has_a_chamber_column_and_filter(bzk_items, client):
    both = overview_rows(ministry=bzk_items["bzk"], today=TODAY)
    assert {r.chamber for r in both} == {"Tweede Kamer", "Eerste Kamer"}
    senate = overview_rows(ministry=bzk_items["bzk"], today=TODAY, chamber="EK")
    assert {r.chamber for r in senate} == {"Eerste Kamer"} and any("T01237" in r.reference for r in senate)
    assert all("TZ202501-001" not in r.reference for r in senate)
    house = overview_rows(ministry=bzk_items["bzk"], today=TODAY, chamber="TK")
    assert [r.reference for r in house] == ["TZ202501-001"]
    data, _count = export_overview(ministry=bzk_items["bzk"], fmt="xlsx", chamber="EK")
    header, *body = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert header[-1] == "Kamer" and {row[-1] for row in body} == {"Eerste Kamer"}
    with pytest.raises(ValueError):
        overview_rows(ministry=bzk_items["bzk"], chamber="XX")
    client.force_login(make_staff("bzk2", bzk_items["bzk"]))
    assert client.get("/admin/exports/overviewexport/BZK/csv/?kamer=EK").status_code == 200
    assert "TZ202501-001" not in client.get("/admin/exports/overviewexport/BZK/csv/?kamer=EK").content.decode()
    assert client.get("/admin/exports/overviewexport/BZK/csv/?kamer=XX").status_code == 404
