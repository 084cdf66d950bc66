"""The one function that writes a line of an item's timeline, and the listeners that hear of it.

Every event of a motion, commitment or letter (created, imported, updated, published, status,
deadline) is written by :func:`record_event`. Once the transaction that wrote it commits, each
listener registered with :func:`listen` is called with the saved event; the apps register theirs in
``AppConfig.ready`` (alerts mail immediate subscribers, reminders cancel what became moot). A failing
listener is logged; it cannot undo the change, and it does not stop the others.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from .models import StatusEventBase

logger = logging.getLogger(__name__)
Kind = StatusEventBase.Kind

_listeners: list[Callable] = []


def listen(callback: Callable) -> Callable:
    """Register ``callback(event)`` to run after every committed event (idempotent)."""
    if callback not in _listeners:
        _listeners.append(callback)
    return callback


def notify(event) -> None:
    for callback in list(_listeners):
        try:
            callback(event)
        except Exception:
            logger.exception(
                "event listener %s failed for %s %s",
                getattr(callback, "__qualname__", callback),
                event._meta.label_lower,
                event.pk,
            )


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


@dataclass(frozen=True)
class Occasion:
    """What every event of a change records besides the change itself: who made it (``by``), why
    (``reason``), on which letter, the day it happened in the world (``occurred_on``, where known), and
    whether the public sees it (``is_public``; None: as the item is public)."""

    by: object = None
    reason: str = ""
    letter: object = None
    occurred_on: dt.date | None = None
    is_public: bool | None = None


def record_event(
    item,
    kind: str,
    occasion: Occasion = Occasion(),
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    changed_fields: Iterable[str] = (),
    old_deadline: tuple[str, dt.date | None] | None = None,
    new_deadline: tuple[str, dt.date | None] | None = None,
):
    """Append one event to ``item``'s timeline and schedule the listeners for after the commit.

    ``occasion.is_public`` defaults to whether the item itself is public (a draft letter's events are
    not); ``from_status`` and ``to_status`` default to the item's current status (a change that is not
    a status change)."""
    if kind not in Kind.values:
        raise ValueError(f"{kind!r} is not an event kind; expected one of {Kind.values}")
    current = item.status
    public = item_is_public(item) if occasion.is_public is None else occasion.is_public
    values = {
        "kind": kind,
        "from_status": current if from_status is None else from_status,
        "to_status": current if to_status is None else to_status,
        "by": _actor(occasion.by),
        "reason": occasion.reason or "",
        "letter": occasion.letter,
        "is_public": public,
        "changed_fields": list(changed_fields),
        "occurred_on": occasion.occurred_on,
    }
    if old_deadline is not None:
        values["old_deadline_phrase"], values["old_deadline_date"] = old_deadline
    if new_deadline is not None:
        values["new_deadline_phrase"], values["new_deadline_date"] = new_deadline
    event = item.events.create(**values)
    transaction.on_commit(lambda: notify(event))
    return event


def item_is_public(item) -> bool:
    """Whether the public may see the item (and so its timeline)."""
    return bool(getattr(item, "is_public", True))
