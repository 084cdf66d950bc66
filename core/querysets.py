"""The questions staff ask of a list of tracked items, one queryset method each.

The staff workbench counts with these methods and the admin's change list filters
(``core.admin_mixins``) filter with the very same ones, so a count on the workbench is always the
length of the list it links to.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .workflow import GuardedQuerySet


class TrackedItemQuerySet(GuardedQuerySet):
    """Motions, commitments and letters: items with a timeline."""

    @classmethod
    def event_model(cls, model):
        return model._meta.get_field("events").related_model

    def changed_since(self, moment: dt.datetime):
        """Items with at least one timeline event recorded after ``moment`` (any kind, public or not)."""
        events = self.event_model(self.model)
        return self.filter(Exists(events.objects.filter(**{events.item_field: OuterRef("pk")}, at__gt=moment)))


class DeadlineItemQuerySet(TrackedItemQuerySet):
    """Motions and commitments: items with a deadline, open statuses and a responsible civil servant."""

    def open(self):
        return self.filter(self.model.open_q())

    def overdue(self, today: dt.date | None = None):
        """Still open, and past the latest date the deadline allows."""
        return self.filter(self.model.overdue_q(today or timezone.localdate()))

    def due_within(self, days: int, today: dt.date | None = None):
        """Still open, with the latest date from ``today`` up to and including ``today + days``."""
        today = today or timezone.localdate()
        return self.open().filter(deadline_date__gte=today, deadline_date__lte=today + dt.timedelta(days=days))

    def for_responsible(self, user):
        """The items ``user`` is the responsible civil servant of."""
        if getattr(user, "pk", None) is None:
            return self.none()
        return self.filter(responsible=user)
