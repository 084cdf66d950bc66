"""Reads of the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils import timezone

from .models import OutboxMessage, OutboxState


@dataclass
class Backlog:
    late: int  # pending mails that should have gone out already
    oldest_late_seconds: float | None  # how long the oldest of them has waited


def backlog(*, grace_seconds: int = 300) -> Backlog:
    """Pending mails due more than ``grace_seconds`` ago: with workers and beat running this stays
    zero, so it is what monitoring should watch (one indexed query)."""
    now = timezone.now()
    row = OutboxMessage.objects.filter(
        state=OutboxState.PENDING, next_attempt_at__lt=now - timezone.timedelta(seconds=grace_seconds)
    ).aggregate(late=Count("id"), oldest=Min("next_attempt_at"))
    oldest = (now - row["oldest"]).total_seconds() if row["oldest"] else None
    return Backlog(late=row["late"], oldest_late_seconds=oldest)
