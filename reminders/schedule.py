"""Which reminder is due for a deadline on a given day: plain Python, no Django.

The points of a deadline are: ``before-N`` (N days before), ``due`` (on the day) and ``overdue-K``
(K x every days after it). On a given day the latest point on or before that day is the one to
send; earlier points that were not sent are moot (one mail per item and kind, no flood of stale ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Point:
    on: date
    kind: str


def points_between(
    deadline: date, *, start: date, end: date, days_before: list[int], on_the_day: bool, overdue_every: int
) -> list[Point]:
    """The deadline's reminder points with ``start <= on <= end``, oldest first."""
    points = [Point(deadline - timedelta(days=d), f"before-{d}") for d in days_before]
    if on_the_day:
        points.append(Point(deadline, "due"))
    if overdue_every > 0 and end > deadline:
        first_k = max(1, -(-(start - deadline).days // overdue_every))
        last_k = (end - deadline).days // overdue_every
        points += [
            Point(deadline + timedelta(days=k * overdue_every), f"overdue-{k}") for k in range(first_k, last_k + 1)
        ]
    return sorted(p for p in points if start <= p.on <= end)


def due_and_moot(deadline: date, *, today: date, catch_up_days: int, **policy) -> tuple[Point | None, list[Point]]:
    """The point to send today (the latest one reached), and the earlier ones within the catch-up
    window that it makes moot."""
    points = points_between(deadline, start=today - timedelta(days=catch_up_days), end=today, **policy)
    if not points:
        return None, []
    return points[-1], points[:-1]
