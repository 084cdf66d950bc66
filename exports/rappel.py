"""The answer to the Senate's rappel: twice a year the Eerste Kamer sends every ministry the list of
its open commitments, to be answered. Per ministry, one row per T-number with its status, what was
done (the public timeline's status and deadline steps), the expected date and the answering letter(s),
as XLSX (the shape a ministry sends back) and as a printable page. Built on the shared public
selectors: the answer goes to parliament, so it shows what the public may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy

from commitments.models import Commitment, CommitmentEvent
from commitments.selectors import commitments_public
from core.models import Chamber, Ministry, StatusEventBase
from motions.selectors import public_events_prefetch

from .services import answering_links, check_format, letters_label, xlsx_table

FORMATS = ("xlsx", "html")
DONE_KINDS = (StatusEventBase.Kind.STATUS, StatusEventBase.Kind.DEADLINE)


@dataclass(frozen=True)
class RappelRow:
    senate_number: str
    text: str
    committee: str
    made_on: date | None
    status: str
    done: str
    deadline: str
    deadline_date: date | None
    overdue: bool
    letters: str


COLUMNS = [
    (gettext_lazy("T-nummer"), "senate_number", 10),
    (gettext_lazy("Toezegging"), "text", 70),
    (gettext_lazy("Commissie"), "committee", 30),
    (gettext_lazy("Datum toezegging"), "made_on", 14),
    (gettext_lazy("Status"), "status", 16),
    (gettext_lazy("Wat is gedaan"), "done", 60),
    (gettext_lazy("Termijn (zoals geschreven)"), "deadline", 24),
    (gettext_lazy("Verwachte datum"), "deadline_date", 14),
    (gettext_lazy("Te laat"), "overdue", 9),
    (gettext_lazy("Antwoordbrief"), "letters", 40),
]


def open_senate_commitments(*, ministry: Ministry) -> list[Commitment]:
    """The ministry's open public Senate commitments that have a T-number, by T-number, with their
    public timeline and answering letters loaded (a fixed number of queries)."""
    return list(
        commitments_public()
        .open()
        .filter(ministry=ministry, chamber=Chamber.EERSTE_KAMER, senate_number__isnull=False)
        .prefetch_related(answering_links(), public_events_prefetch(CommitmentEvent))
        .order_by("senate_number")
    )


def _done(commitment: Commitment) -> str:
    """Each public status and deadline step, oldest first: '12-03-2025: status: openstaand → deels
    voldaan (eerste deel gestuurd)'."""
    lines = []
    for event in commitment.public_events:
        if event.kind in DONE_KINDS:
            reason = f" ({event.reason})" if event.reason else ""
            lines.append(f"{event.happened_on:%d-%m-%Y}: {event.summary()}{reason}")
    return "\n".join(lines)


def rappel_rows(*, ministry: Ministry, today: date | None = None) -> list[RappelRow]:
    today = today or timezone.localdate()
    return [
        RappelRow(
            senate_number=c.senate_number,
            text=c.text,
            committee=c.committee,
            made_on=c.made_on,
            status=c.get_status_display(),
            done=_done(c),
            deadline=c.deadline_phrase,
            deadline_date=c.deadline_date,
            overdue=c.is_overdue(today),
            letters=letters_label(c),
        )
        for c in open_senate_commitments(ministry=ministry)
    ]


def export_rappel_answer(
    *, ministry: Ministry, fmt: str, today: date | None = None, csp_nonce: str = ""
) -> tuple[bytes, int]:
    """The rappel answer in ``fmt`` (xlsx or html) and the number of commitments in it."""
    check_format(fmt, FORMATS)
    today = today or timezone.localdate()
    rows = rappel_rows(ministry=ministry, today=today)
    if fmt == "xlsx":
        return xlsx_table(title=f"Rappel {ministry.abbreviation}", columns=COLUMNS, rows=rows), len(rows)
    html = render_to_string(
        "exports/rappel.html",
        {
            "ministry": ministry,
            "rows": rows,
            "count": len(rows),
            "today": today,
            "csp_nonce": csp_nonce,
        },
    )
    return html.encode("utf-8"), len(rows)


def rappel_filename(*, ministry: Ministry, fmt: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"rappel-eerste-kamer-{ministry.abbreviation.lower()}-{today:%Y-%m-%d}.{fmt}"
