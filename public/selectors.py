"""Reads for the home page: counts per ministry, upcoming deadlines, recent letters. Each runs a fixed
number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q

from commitments.models import Commitment, CommitmentStatus
from commitments.selectors import commitments_public
from core.models import Ministry
from letters.selectors import letters_public
from motions.models import Motion, MotionStatus
from motions.selectors import motions_public


@dataclass
class MinistryCounts:
    ministry: Ministry
    motions_open: int = 0
    motions_overdue: int = 0
    motions_settled: int = 0
    commitments_open: int = 0
    commitments_overdue: int = 0
    commitments_settled: int = 0

    @property
    def total_open(self) -> int:
        return self.motions_open + self.commitments_open

    @property
    def total_overdue(self) -> int:
        return self.motions_overdue + self.commitments_overdue


@dataclass(frozen=True)
class Chart:
    """The home page's bars: per ministry its open and its overdue motions plus commitments, all drawn
    on one scale (the longest bar), so every bar is as long as the number beside it says."""

    rows: list[MinistryCounts]
    scale: int


def chart_rows(counts: list[MinistryCounts]) -> Chart:
    return Chart(counts, max([max(c.total_open, c.total_overdue) for c in counts] + [1]))


def open_status_query() -> dict[str, str]:
    """The query strings of the home page's 'open' links, per list: the statuses the model calls open."""
    return {
        kind: urlencode([("status", status) for status in model.open_statuses()])
        for kind, model in (("motions", Motion), ("commitments", Commitment))
    }


def _counts_by_ministry(queryset, model, settled_status, today: dt.date) -> dict:
    """{ministry id: {"open": n, "overdue": n, "settled": n}} over one kind's public items (1 query)."""
    rows = (
        queryset.prefetch_related(None)
        .order_by()
        .values("ministry")
        .annotate(
            open=Count("id", filter=model.open_q()),
            overdue=Count("id", filter=model.overdue_q(today)),
            settled=Count("id", filter=Q(status=settled_status)),
        )
    )
    return {row["ministry"]: row for row in rows}


def counts_per_ministry(*, today: dt.date) -> list[MinistryCounts]:
    """Open, overdue and settled motions and commitments per ministry (3 queries)."""
    motions = _counts_by_ministry(motions_public(), Motion, MotionStatus.SETTLED, today)
    commitments = _counts_by_ministry(commitments_public(), Commitment, CommitmentStatus.FULFILLED, today)
    counted = ("open", "overdue", "settled")
    return [
        MinistryCounts(
            ministry,
            *(motions.get(ministry.pk, {}).get(key, 0) for key in counted),
            *(commitments.get(ministry.pk, {}).get(key, 0) for key in counted),
        )
        for ministry in Ministry.objects.all()
    ]


def upcoming_deadlines(*, today: dt.date, limit: int = 8):
    """Open motions and commitments whose latest date is today or later, soonest first (2 queries)."""
    motions = list(motions_public().open().filter(deadline_date__gte=today).order_by("deadline_date", "id")[:limit])
    commitments = list(
        commitments_public().open().filter(deadline_date__gte=today).order_by("deadline_date", "id")[:limit]
    )
    items = sorted(motions + commitments, key=lambda item: item.deadline_date)
    return items[:limit]


def recent_letters(*, limit: int = 6):
    return list(letters_public().order_by("-sent_at", "-date", "-id")[:limit])
