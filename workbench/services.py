"""Writes of the staff workbench: recording a visit."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .models import WorkbenchVisit


def workbench_visit(*, user, at: dt.datetime) -> dt.datetime | None:
    """Record that ``user`` opens the workbench at ``at`` and return their previous visit (None: the
    first). Two tabs opened at once are serialised on the user's row; the later moment is kept."""
    with transaction.atomic():
        visit, created = WorkbenchVisit.objects.select_for_update().get_or_create(user=user, defaults={"seen_at": at})
        if created:
            return None
        previous = visit.seen_at
        if at > previous:
            WorkbenchVisit.objects.filter(pk=visit.pk).update(seen_at=at)
        return previous
