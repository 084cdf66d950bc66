"""The overview of open motions and commitments of one ministry, as ministries annex it to the
budget and the annual report. One query builder (:func:`open_items`) and one row builder
(:func:`overview_rows`) serve the CSV, the XLSX, the printable page, the admin and the command."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import Commitment
from commitments.selectors import commitments_public, sent_letter_links
from core.models import Chamber, Dossier, Ministry
from letters.models import LetterLink, LetterStatus, LinkEffect
from motions.models import Motion
from motions.selectors import motions_public

FORMATS = ("csv", "xlsx", "html")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
NO_DOSSIER = gettext_lazy("Zonder dossier")


@dataclass(frozen=True)
class OverviewRow:
    dossier: str
    kind: str
    reference: str
    text: str
    date: date | None
    deadline: str
    deadline_date: date | None
    status: str
    letters: str
    overdue: bool
    chamber: str
    sort_key: tuple = field(compare=False, repr=False)


def answering_links():
    """Sent letters that (partly) settle or postpone an item."""
    return Prefetch(
        "letter_links",
        queryset=LetterLink.objects.filter(
            letter__status=LetterStatus.SENT,
            effect__in=[LinkEffect.SETTLES, LinkEffect.PARTLY_SETTLES, LinkEffect.POSTPONES],
        )
        .select_related("letter")
        .order_by("letter__date", "id"),
        to_attr="answering_links",
    )


def open_items(*, ministry: Ministry, chamber: str = "") -> tuple[list[Motion], list[Commitment]]:
    """The ministry's open motions (adopted, taken over, in progress) and its open public
    commitments (open, partly fulfilled), with everything the overview shows loaded; ``chamber``
    ('TK' or 'EK', empty: both) keeps one House's. Built on the shared public selectors: the overview
    goes to parliament, so it shows what the public may see."""
    check_chamber(chamber)
    by_chamber = {"chamber": chamber} if chamber else {}
    motions = motions_public().open().filter(ministry=ministry, **by_chamber).prefetch_related(answering_links())
    commitments = (
        commitments_public()
        .open()
        .filter(ministry=ministry, **by_chamber)
        .select_related("source_letter__dossier", "motion__dossier", "debate")
        .prefetch_related(answering_links(), sent_letter_links(), "senate_dossiers")
    )
    return list(motions), list(commitments)


def check_chamber(chamber: str) -> None:
    if chamber and chamber not in Chamber.values:
        raise ValueError(
            _("Onbekende Kamer %(chamber)r; kies uit %(chambers)s.")
            % {"chamber": chamber, "chambers": ", ".join(Chamber.values)}
        )


def check_format(fmt: str, formats) -> None:
    """Refuse a format the export does not write."""
    if fmt not in formats:
        raise ValueError(
            _("Onbekend formaat %(fmt)r; kies uit %(formats)s.") % {"fmt": fmt, "formats": ", ".join(formats)}
        )


def _dossier_label(dossier: Dossier | None) -> str:
    return str(dossier) if dossier else str(NO_DOSSIER)


def letters_label(item) -> str:
    return "; ".join(
        f"{link.letter.ref.canonical if link.letter.ref else link.letter.subject}"
        f"{f' ({link.letter.date:%d-%m-%Y})' if link.letter.date else ''}: {link.get_effect_display()}"
        for link in item.answering_links
    )


def _commitment_reference(commitment: Commitment) -> str:
    parts = [commitment.senate_number or commitment.number or ""]
    if commitment.source_letter_id and commitment.source_letter.ref:
        parts.append(commitment.source_letter.ref.canonical)
    elif commitment.debate_id:
        parts.append(commitment.debate.title)
    return " · ".join(p for p in parts if p)


def _sort_key(dossier: Dossier | None, kind: int, when: date | None, pk: int) -> tuple:
    dossier_key = (0, dossier.number, dossier.suffix) if dossier else (1, "", "")
    return (*dossier_key, kind, when or date.min, pk)


def _row(
    item, dossier: Dossier | None, kind_order: int, kind: str, reference: str, text: str, on, today
) -> OverviewRow:
    """The overview's row of a motion or a commitment (``kind_order`` 0 or 1: motions sort first)."""
    return OverviewRow(
        dossier=_dossier_label(dossier),
        kind=kind,
        reference=reference,
        text=text,
        date=on,
        deadline=item.deadline_phrase,
        deadline_date=item.deadline_date,
        status=item.get_status_display(),
        letters=letters_label(item),
        overdue=item.is_overdue(today),
        chamber=item.get_chamber_display(),
        sort_key=_sort_key(dossier, kind_order, on, item.pk),
    )


def overview_rows(*, ministry: Ministry, today: date | None = None, chamber: str = "") -> list[OverviewRow]:
    """One row per open item, ordered by dossier, then motions before commitments, then date."""
    today = today or timezone.localdate()
    motions, commitments = open_items(ministry=ministry, chamber=chamber)
    rows = [
        _row(m, m.dossier, 0, _("Motie"), m.ref.canonical, f"{m.title}\n{m.text}".strip(), m.submitted_on, today)
        for m in motions
    ]
    for c in commitments:
        dossier = next(iter(c.dossiers()), None)  # the rule the public lists filter by
        rows.append(_row(c, dossier, 1, _("Toezegging"), _commitment_reference(c), c.text, c.made_on, today))
    rows.sort(key=lambda r: r.sort_key)
    return rows


def grouped(rows: list[OverviewRow]) -> list[tuple[str, list[OverviewRow]]]:
    return [(dossier, list(items)) for dossier, items in groupby(rows, key=lambda r: r.dossier)]


# -- renderers ----------------------------------------------------------------------------------

COLUMNS = [
    # (header, attribute, width in characters)
    (gettext_lazy("Dossier"), "dossier", 40),
    (gettext_lazy("Soort"), "kind", 12),
    (gettext_lazy("Kamerstuk / nummer"), "reference", 24),
    (gettext_lazy("Tekst"), "text", 80),
    (gettext_lazy("Datum"), "date", 12),
    (gettext_lazy("Termijn (zoals geschreven)"), "deadline", 30),
    (gettext_lazy("Uiterste datum"), "deadline_date", 14),
    (gettext_lazy("Status"), "status", 16),
    (gettext_lazy("Te laat"), "overdue", 9),
    (gettext_lazy("Brief"), "letters", 40),
    (gettext_lazy("Kamer"), "chamber", 14),
]


def _headers() -> list[str]:
    return [str(header) for header, _attr, _width in COLUMNS]


def _plain(value):
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return value


# A cell a spreadsheet would read as a formula (or as the start of one, after a tab or carriage
# return): texts come from staff, imports and parliament's data, and these overviews go to parliament.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _csv_cell(value) -> str:
    """A CSV field: dates ISO, and a text that a spreadsheet would run as a formula starts with an
    apostrophe, which spreadsheets read as "this is text" (OWASP's advice for CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    value = _plain(value)
    return f"'{value}" if looks_like_formula(value) else value


def render_csv(rows: list[OverviewRow]) -> bytes:
    """UTF-8 with BOM and ';' as separator, so Dutch Excel opens it as columns; dates ISO."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_headers())
    for row in rows:
        writer.writerow([_csv_cell(getattr(row, attr)) for _h, attr, _w in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_table(*, title: str, columns, rows) -> bytes:
    """One sheet: a bold header row of ``columns`` ((header, attribute, width) triples), then one row per
    item of ``rows`` (objects with those attributes); texts a spreadsheet would run as a formula are
    stored as text, dates shown as dd-mm-yyyy. Shared by the overview and the rappel answer."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([str(header) for header, _attr, _width in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_plain(getattr(row, attr)) for _h, attr, _w in columns])
        for cell in ws[ws.max_row]:
            if looks_like_formula(cell.value):
                # openpyxl stores a text starting with '=' as a formula: store it as a string, and mark
                # the cell "quote prefix" so that editing it in Excel keeps it text.
                cell.data_type = "s"
                cell.quotePrefix = True
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, (_header, _attr, width) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = width
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.alignment = wrap
            if isinstance(cell.value, (date,)):
                cell.number_format = "DD-MM-YYYY"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def render_xlsx(rows: list[OverviewRow], *, ministry: Ministry) -> bytes:
    return xlsx_table(title=ministry.abbreviation, columns=COLUMNS, rows=rows)


def render_html(
    rows: list[OverviewRow], *, ministry: Ministry, today: date | None = None, csp_nonce: str = ""
) -> bytes:
    return render_to_string(
        "exports/overview.html",
        {
            "ministry": ministry,
            "groups": grouped(rows),
            "count": len(rows),
            "today": today or timezone.localdate(),
            "csp_nonce": csp_nonce,
        },
    ).encode("utf-8")


def export_overview(
    *, ministry: Ministry, fmt: str, today: date | None = None, csp_nonce: str = "", chamber: str = ""
) -> tuple[bytes, int]:
    """The overview in ``fmt`` (csv, xlsx or html) and the number of items in it, of one House when
    ``chamber`` is given; ``csp_nonce`` marks the HTML's inline style and script for the Content
    Security Policy."""
    check_format(fmt, FORMATS)
    rows = overview_rows(ministry=ministry, today=today, chamber=chamber)
    if fmt == "csv":
        return render_csv(rows), len(rows)
    if fmt == "xlsx":
        return render_xlsx(rows, ministry=ministry), len(rows)
    return render_html(rows, ministry=ministry, today=today, csp_nonce=csp_nonce), len(rows)


def filename(*, ministry: Ministry, fmt: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"overzicht-open-{ministry.abbreviation.lower()}-{today:%Y-%m-%d}.{fmt}"
