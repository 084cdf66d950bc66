"""The one way an item's status changes.

Every status change of a motion, commitment or letter goes through :func:`change_status`: it locks
the row, checks the transition against the model's declared workflow (django-fsm-2 transitions on a
protected ``status`` field), records an append-only event (who, when, from, to, why, which letter) through
:func:`core.events.record_event`, whose listeners run after the commit. Views, admin, API, importers and tasks call
the app services that wrap it; nothing writes ``status`` directly (the field is protected and the
querysets refuse ``update(status=...)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext as _

from .events import Occasion, record_event
from .models import StatusEventBase
from .querysets import GuardedQuerySet, WorkflowError  # noqa: F401 - part of this module's API


def status_label(item, value: str) -> str:
    """A status value of ``item`` (an instance or a model) as its label in the active language; an
    unknown value as itself, an empty one as ''."""
    if not value:
        return ""
    return str(dict(item._meta.get_field("status").choices).get(value, value))


class TransitionNotAllowed(WorkflowError):
    def __init__(self, item, from_status: str, to_status: str, allowed: list[str], hint: str = ""):
        self.item, self.from_status, self.to_status, self.allowed = item, from_status, to_status, allowed
        allowed_txt = ", ".join(status_label(item, a) for a in allowed) or _("geen")
        msg = _("%(item)s kan niet van '%(src)s' naar '%(dst)s'. Toegestaan vanuit '%(src)s': %(allowed)s.") % {
            "item": item,
            "src": status_label(item, from_status),
            "dst": status_label(item, to_status),
            "allowed": allowed_txt,
        }
        if hint:
            msg = f"{msg} {hint}"
        super().__init__(msg)


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
    occurred_on=None,
) -> StatusChange:
    """Move ``item`` to status ``to``; raise :class:`TransitionNotAllowed` and change nothing if the
    workflow does not allow it. Returns the fresh item and the recorded event. ``occurred_on`` is the
    day it happened in the world (the vote, the letter's date), where known."""
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
        occasion = Occasion(by=by, reason=reason, letter=letter, occurred_on=occurred_on, is_public=is_public)
        event = record_event(locked, StatusEventBase.Kind.STATUS, occasion, from_status=from_status, to_status=to)
    if item is not locked:
        item.refresh_from_db()
    return StatusChange(item=locked, event=event)


def record_creation(
    *, item, by=None, reason: str = "", imported: bool = False, letter=None, is_public=None, occurred_on=None
):
    """The first event of an item's timeline: 'created', or 'imported' when the import made it."""
    kind = StatusEventBase.Kind.IMPORTED if imported else StatusEventBase.Kind.CREATED
    occasion = Occasion(by=by, reason=reason, letter=letter, occurred_on=occurred_on, is_public=is_public)
    return record_event(item, kind, occasion, from_status="", to_status=item.status)
