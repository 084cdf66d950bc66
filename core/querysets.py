"""The questions staff ask of a list of tracked items, one queryset method each.

The staff workbench counts with these methods and the admin's change list filters
(``core.admin_mixins``) filter with the very same ones, so a count on the workbench is always the
length of the list it links to. Every tracked item's queryset is a :class:`GuardedQuerySet`, which
refuses to write ``status`` in bulk (only the workflow moves it).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone


class WorkflowError(Exception):
    """Base of the domain errors that views, admin, API and commands turn into a clear message."""


class GuardedQuerySet(models.QuerySet):
    """Refuses bulk writes of the workflow-controlled status field."""

    protected_fields = ("status",)

    def update(self, **kwargs):
        blocked = set(kwargs) & set(self.protected_fields)
        if blocked:
            raise WorkflowError(f"{', '.join(sorted(blocked))} cannot be changed in bulk; use the workflow services.")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if set(fields) & set(self.protected_fields):
            raise WorkflowError("status cannot be changed in bulk; use the workflow services.")
        return super().bulk_update(objs, fields, *args, **kwargs)


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
