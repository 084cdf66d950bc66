"""Data versions: what the public pages' cache keys and ETags are made of.

One token per kind of public data (``KINDS``); a page's key holds the tokens of the kinds it shows, so
a change is visible on the very next request, in every process, whatever cache is configured.

Who bumps: every connection watches its own writes (:func:`watch`, installed on each new connection
by ``PublicConfig.ready``). An ``INSERT``, ``UPDATE`` or ``DELETE`` on a table of the motions,
commitments, letters or core apps marks that kind as changed, and once the transaction commits
(``transaction.on_commit``; at once outside a transaction) the marked kinds get new tokens in one
statement. So the services (core.workflow, core.events.record_event, the deadline and edit services),
the admin's inlines and the importer's ``bulk_create`` / ``QuerySet.update`` paths all bump without
one of them being able to forget it; a rolled-back write bumps nothing that matters (at most a
harmless extra bump later).

Why the tokens live in PostgreSQL and not in Redis: the cache may be a per-process memory cache (the
embedded default, or Redis away: tracker/resilience.py), and a version that only one process sees
would let another serve a stale page. Reading them is one primary-key scan of four rows per request.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import threading
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, transaction
from django.utils import timezone

from .models import DataVersion

# kind -> the apps whose tables it covers
KINDS = {
    "motions": ("motions",),
    "commitments": ("commitments",),
    "letters": ("letters",),
    "refs": ("core",),  # people, parties, ministries, dossiers, debates, recesses
}
ALL = tuple(KINDS)
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
_tables: dict[str, str] | None = None
_lock = threading.Lock()


def table_kinds() -> dict[str, str]:
    """db_table -> kind, for every model (m2m tables included) of the apps in ``KINDS``."""
    global _tables
    if _tables is None:
        with _lock:
            by_app = {app: kind for kind, app_labels in KINDS.items() for app in app_labels}
            _tables = {
                model._meta.db_table: by_app[model._meta.app_label]
                for model in apps.get_models(include_auto_created=True)
                if model._meta.app_label in by_app
            }
    return _tables


def written_kind(sql: str) -> str | None:
    """The kind whose table ``sql`` writes, or None (a read, or a table outside ``KINDS``)."""
    head = sql[:7].lstrip().upper()
    if not head.startswith(("INSERT", "UPDATE", "DELETE")):
        return None
    match = _WRITE.match(sql)
    return table_kinds().get(match.group(1)) if match else None


class _Watcher:
    """The execute wrapper of one connection: marks written kinds, bumps them after the commit."""

    def __init__(self, alias: str):
        self.alias = alias
        self.pending: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        kind = written_kind(sql) if isinstance(sql, str) else None
        if kind is not None:
            self.pending.add(kind)
            # One callback per write: a rolled-back savepoint drops its callbacks, so skipping
            # "already scheduled" kinds could lose a bump. The first callback to run takes them all.
            # robust: the data is committed; a failed bump (the database gone meanwhile) is logged, never
            # turned into an error for a change that was made (its pages then live out their timeout).
            transaction.on_commit(self.flush, using=self.alias, robust=True)
        return result

    def flush(self):
        if self.pending:
            kinds, self.pending = self.pending, set()
            bump(*kinds, using=self.alias)


def watch(sender, connection, **kwargs):
    """``connection_created`` receiver: watch this connection's writes."""
    if not any(isinstance(w, _Watcher) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_Watcher(connection.alias))


def bump(*kinds: str, using: str = "default") -> None:
    """New tokens for ``kinds`` (one statement). Called after the commit of a write; callable directly
    for a change made outside Django's connection (none today)."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown data kinds {sorted(unknown)}; expected some of {ALL}")
    now = timezone.now()
    DataVersion.objects.using(using).bulk_create(
        [DataVersion(kind=kind, token=secrets.token_hex(8), changed_at=now) for kind in sorted(kinds)],
        update_conflicts=True,
        unique_fields=["kind"],
        update_fields=["token", "changed_at"],
    )


@dataclass(frozen=True)
class Versions:
    tokens: dict[str, str]
    changed: dict[str, dt.datetime]

    def token(self, kinds) -> str:
        return ".".join(f"{kind}={self.tokens.get(kind, '0')}" for kind in kinds)

    def last_changed(self, kinds) -> dt.datetime | None:
        times = [self.changed[kind] for kind in kinds if kind in self.changed]
        return max(times) if times else None


_READ = "SELECT kind, token, changed_at FROM public_dataversion"


def _aware(value) -> dt.datetime:
    """PostgreSQL gives aware date-times; SQLite a naive UTC one, or a string."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def current(using: str = "default") -> Versions:
    """Every kind's token and time of change (1 query)."""
    # On every anonymous request: a plain cursor (the ORM's query building was half of its cost).
    with connections[using].cursor() as cursor:
        cursor.execute(_READ)
        rows = [(kind, token, _aware(changed)) for kind, token, changed in cursor.fetchall()]
    return Versions({k: t for k, t, _c in rows}, {k: c for k, _t, c in rows})


def install() -> None:
    from django.db.backends.signals import connection_created

    connection_created.connect(watch, dispatch_uid="public.versions.watch")
    for connection in connections.all(initialized_only=True):
        watch(None, connection)
