"""The overview export holds exactly the ministry's open items, with dates as dates."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from commitments.services import commitment_transition
from core.models import Dossier
from letters.models import LetterStatus, LinkEffect
from letters.services import letter_send
from motions.models import MotionStatus
from tests.factories import MinistryFactory, make_commitment, make_letter, make_motion, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def items():
    a, b = MinistryFactory(abbreviation="JenV"), MinistryFactory(abbreviation="AenM")
    dossier = Dossier.objects.create(number="29344", title="Terugkeerbeleid")
    open_motion = make_motion(
        ministry=a,
        status=MotionStatus.ADOPTED,
        dossier=dossier,
        submitted_on=datetime.date(2025, 3, 4),
        deadline_phrase="voor 1 juli 2026",
    )
    partly = make_commitment(ministry=a, made_on=datetime.date(2025, 5, 6), deadline_phrase="in de loop van 2027")
    letter = make_letter(
        ministry=a,
        status=LetterStatus.APPROVED,
        ref="29 344, nr. 950",
        date=datetime.date(2025, 9, 1),
        links=[(partly, LinkEffect.PARTLY_SETTLES, "")],
    )
    letter_send(letter=letter)
    make_motion(ministry=a, status=MotionStatus.REJECTED)  # not owed: out
    make_motion(ministry=a, status=MotionStatus.SUBMITTED)  # not yet adopted: out
    done = make_commitment(ministry=a)
    commitment_transition(commitment=done, to="voldaan")  # settled: out
    make_commitment(ministry=a, is_public=False)  # not public: out
    make_motion(ministry=b, status=MotionStatus.ADOPTED)  # other ministry: out
    make_commitment(ministry=b)
    return {"a": a, "open_motion": open_motion, "partly": partly}


def test_xlsx_holds_exactly_the_open_items_with_real_dates(items, tmp_path):
    out = tmp_path / "o.xlsx"
    call_command("export_overview", ministry="jenv", format="xlsx", output=str(out), stderr=io.StringIO())
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:5] == ("Dossier", "Soort", "Kamerstuk / nummer", "Tekst", "Datum")
    assert ws.column_dimensions["D"].width == 80
    assert len(body) == 2
    motion, commitment = body
    assert motion[0] == "29 344 Terugkeerbeleid" and motion[1] == "Motie"
    assert motion[2] == items["open_motion"].ref.canonical
    assert motion[4] == datetime.datetime(2025, 3, 4) and isinstance(motion[6], datetime.datetime)
    assert motion[5] == "voor 1 juli 2026" and motion[7] == "aangenomen"
    assert commitment[1] == "Toezegging" and commitment[7] == "deels voldaan"
    assert commitment[4] == datetime.datetime(2025, 5, 6)
    assert "29 344, nr. 950" in commitment[9]
    assert ws["E2"].is_date and ws["E2"].number_format == "DD-MM-YYYY"


def test_csv_and_html(items, tmp_path, capsysbinary):
    call_command("export_overview", ministry="JenV", format="csv", stderr=io.StringIO())
    text = capsysbinary.readouterr().out.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 3 and "2025-03-04" in lines[1]
    html_file = tmp_path / "o.html"
    call_command("export_overview", ministry="JenV", format="html", output=str(html_file), stderr=io.StringIO())
    html = html_file.read_text()
    assert "29 344 Terugkeerbeleid" in html and "@media print" in html and "in de loop van 2027" in html


def test_unknown_ministry_is_a_clear_error(items):
    with pytest.raises(CommandError, match="Onbekend ministerie 'XX'.*AenM, JenV"):
        call_command("export_overview", ministry="XX", format="csv")


def test_admin_export_is_scoped_to_the_staff_ministry(items, client):
    staff = make_staff("exp_a", items["a"])
    client.force_login(staff)
    listing = client.get("/admin/exports/overviewexport/")
    assert listing.status_code == 200
    assert b"/admin/exports/overviewexport/JenV/xlsx/" in listing.content
    assert b"AenM" not in listing.content
    response = client.get("/admin/exports/overviewexport/JenV/xlsx/")
    assert response.status_code == 200
    assert len(list(load_workbook(io.BytesIO(response.content)).active.iter_rows())) == 3
    assert client.get("/admin/exports/overviewexport/AenM/csv/").status_code == 404
    assert b"/admin/exports/overviewexport/" in client.get("/admin/").content


def test_building_the_overview_runs_a_fixed_number_of_queries(items, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exports.services import overview_rows

    with CaptureQueriesContext(connection) as few:
        assert len(overview_rows(ministry=items["a"])) == 2
    for _ in range(15):
        make_motion(ministry=items["a"], status=MotionStatus.ADOPTED)
        make_commitment(ministry=items["a"])
    with django_assert_num_queries(len(few)):
        assert len(overview_rows(ministry=items["a"])) == 32
