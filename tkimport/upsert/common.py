"""What every writer of the import shares: the source's name, recording a change on a timeline,
writing fields, handing bulk-written events to the listeners, inserting plain rows."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils.translation import gettext as _

from core import events
from core.models import StatusEventBase
from tracker.resilience import publishing

SOURCE = "open data TK"
# From this many new motions in one chunk on, they are created with bulk inserts (same rows and
# the same 'imported' creation event as motion_create(imported=True) writes, in a few statements).
BULK_MIN = 50


def record_change(item, reason: str, *, fields=(), is_public: bool | None = None):
    """A change from the source, on the item's timeline as an 'updated' event naming the fields (its
    status stays as it is), written like every event by core.events.record_event."""
    occasion = events.Occasion(reason=reason, is_public=is_public)
    return events.record_event(item, StatusEventBase.Kind.UPDATED, occasion, changed_fields=fields)


def letter_import_reason(number: str) -> str:
    return _("Geïmporteerd uit %(source)s (%(number)s)") % {"source": SOURCE, "number": number}


def _fmt(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def changes_text(changes: list[tuple[str, object, object]]) -> str:
    parts = [f"{label}: {_fmt(old)} → {_fmt(new)}" for label, old, new in changes]
    return _("Bijgewerkt uit %(source)s: %(changes)s") % {"source": SOURCE, "changes": "; ".join(parts)}


def apply_fields(item, *, replace=(), fill=(), tk_id=None) -> bool:
    """Write what the source says into ``item`` and record it on the timeline. ``replace``:
    ``[(field, value)]`` overwritten when the source has a value; ``fill``: ``[(fk field, value)]``
    set only while empty (a ministry or dossier staff chose is never replaced)."""
    changes, update = [], []

    def label(name):
        return str(item._meta.get_field(name).verbose_name)

    for name, new in replace:
        if new not in (None, "") and getattr(item, name) != new:
            changes.append((label(name), getattr(item, name), new))
            setattr(item, name, new)
            update.append(name)
    for name, new in fill:
        if new is not None and getattr(item, f"{name}_id") is None:
            changes.append((label(name), None, new))
            setattr(item, name, new)
            update.append(name)
    if tk_id and item.tk_id is None:
        changes.append((label("tk_id"), None, tk_id))
        item.tk_id = tk_id
        update.append("tk_id")
    if update:
        item.save(update_fields=[*update, "updated_at"])
        record_change(item, changes_text(changes), fields=update)
    return bool(update)


def after_commit(written: list) -> None:
    """What core.events.record_event schedules for each event once it commits (the listeners:
    alerts, reminder clean-up), for the events a bulk path wrote (their broker messages over one
    connection)."""
    with publishing():
        for event in written:
            events.notify(event)


def _event_row(item, kind: str, from_status: str, to_status: str, reason: str, *, is_public: bool, occurred_on):
    """An unsaved event of ``item``, the row core.events.record_event would write for the import (no
    one's change: ``by`` stays empty), for a bulk path to write with :func:`write_events`."""
    model = item.events.model
    return model(
        **{model.item_field: item},
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        is_public=is_public,
        occurred_on=occurred_on,
    )


def imported_row(item, status: str, reason: str, *, occurred_on, is_public: bool = True):
    """The 'imported' creation event (as record_creation(imported=True) writes it), unsaved."""
    return _event_row(
        item, StatusEventBase.Kind.IMPORTED, "", status, reason, is_public=is_public, occurred_on=occurred_on
    )


def status_row(item, from_status: str, to_status: str, reason: str, *, occurred_on=None, is_public: bool = True):
    """A status event (as change_status writes it), unsaved."""
    return _event_row(
        item, StatusEventBase.Kind.STATUS, from_status, to_status, reason, is_public=is_public, occurred_on=occurred_on
    )


def write_events(rows: list) -> None:
    """Insert the events :func:`imported_row` and :func:`status_row` made (of one kind of item) and, as record_event does, hand
    them to the listeners once the transaction commits."""
    if rows:
        type(rows[0]).objects.bulk_create(rows)
        transaction.on_commit(lambda: after_commit(rows))


def insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain rows (foreign keys as ids) into ``model``'s table: COPY on PostgreSQL, so tens of
    thousands of votes cost no model instances; bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        attnames = [model._meta.get_field(f).attname for f in fields]
        model.objects.bulk_create([model(**dict(zip(attnames, row))) for row in rows], batch_size=200)
        return
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
