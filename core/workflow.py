"""The one way an item's status changes.

Every status change of a motion, commitment or letter goes through :func:`change_status`: it locks
the row, checks the transition against the model's declared workflow (django-fsm-2 transitions on a
protected ``status`` field), records an append-only event (who, when, from, to, why, which letter) and
schedules side effects with ``transaction.on_commit``. Views, admin, API, importers and tasks call
the app services that wrap it; nothing writes ``status`` directly (the field is protected and the
querysets refuse ``update(status=...)``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import StatusEventBase

logger = logging.getLogger(__name__)


def status_label(item, value: str) -> str:
    """A status value of ``item`` (an instance or a model) as its label in the active language; an
    unknown value as itself, an empty one as ''."""
    if not value:
        return ""
    return str(dict(item._meta.get_field("status").choices).get(value, value))


class WorkflowError(Exception):
    """Base of the domain errors that views, admin, API and commands turn into a clear message."""


class TransitionNotAllowed(WorkflowError):
    def __init__(self, item, from_status: str, to_status: str, allowed: list[str], hint: str = ""):
        self.item, self.from_status, self.to_status, self.allowed = item, from_status, to_status, allowed
        allowed_txt = ", ".join(status_label(item, a) for a in allowed) or _("geen")
        msg = _("%(item)s kan niet van '%(src)s' naar '%(dst)s'. Toegestaan vanuit '%(src)s': %(allowed)s.") % {
            "item": item, "src": status_label(item, from_status), "dst": status_label(item, to_status),
            "allowed": allowed_txt,
        }
        if hint:
            msg = f"{msg} {hint}"
        super().__init__(msg)


class GuardedQuerySet(models.QuerySet):
    """Refuses bulk writes of the workflow-controlled status field."""

    protected_fields = ("status",)

    def update(self, **kwargs):
        blocked = set(kwargs) & set(self.protected_fields)
        if blocked:
            raise WorkflowError(
                f"{', '.join(sorted(blocked))} cannot be changed in bulk; use the workflow services."
            )
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if set(fields) & set(self.protected_fields):
            raise WorkflowError("status cannot be changed in bulk; use the workflow services.")
        return super().bulk_update(objs, fields, *args, **kwargs)


def allowed_targets(item) -> list[str]:
    """The statuses the item may move to now, in the order the workflow declares them."""
    return [t.target for t in item.get_available_status_transitions()]


def transitions_by_target(item) -> dict:
    return {t.target: t for t in item.get_available_status_transitions()}


@dataclass(frozen=True)
class StatusChange:
    item: models.Model
    event: StatusEventBase


def change_status(
    *,
    item,
    to: str,
    by=None,
    reason: str = "",
    letter=None,
    is_public: bool = True,
    service_call: bool = False,
) -> StatusChange:
    """Move ``item`` to status ``to``; raise :class:`TransitionNotAllowed` and change nothing if the
    workflow does not allow it. Returns the fresh item and the recorded event."""
    model = type(item)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=item.pk)
        from_status = locked.status
        transition = transitions_by_target(locked).get(to)
        if transition is None:
            raise TransitionNotAllowed(locked, from_status, to, allowed_targets(locked))
        if transition.custom.get("service_only") and not service_call:
            raise TransitionNotAllowed(
                locked, from_status, to, allowed_targets(locked), hint=transition.custom.get("hint", "")
            )
        getattr(locked, transition.name)()
        locked.save()
        event = locked.events.create(
            kind=StatusEventBase.Kind.STATUS,
            from_status=from_status,
            to_status=to,
            by=by if getattr(by, "is_authenticated", False) else None,
            reason=reason or "",
            letter=letter,
            is_public=is_public,
        )
        transaction.on_commit(lambda: run_after_status_change(event))
    if item is not locked:
        item.refresh_from_db()
    return StatusChange(item=locked, event=event)


def run_after_status_change(event) -> None:
    """Side effects of a committed status change (alerts, reminder clean-up), configured in
    ``settings.KT_AFTER_STATUS_CHANGE``. A failing hook is logged; it cannot undo the change."""
    for path in getattr(settings, "KT_AFTER_STATUS_CHANGE", []):
        try:
            import_string(path)(event)
        except Exception:  # one broken hook must not stop the others (logged with its traceback)
            logger.exception("after-status-change hook %s failed for event %s", path, event.pk)


def record_creation(*, item, by=None, reason: str = "", imported: bool = False, letter=None, is_public=True):
    """The first event of an item's timeline."""
    return item.events.create(
        kind=StatusEventBase.Kind.IMPORTED if imported else StatusEventBase.Kind.CREATED,
        from_status="",
        to_status=item.status,
        by=by if getattr(by, "is_authenticated", False) else None,
        reason=reason,
        letter=letter,
        is_public=is_public,
    )
