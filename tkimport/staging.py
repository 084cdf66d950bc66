"""Staging: the source records as last seen, joined across files and pages.

``stage_pages`` writes a few pages' records (new or changed only: unchanged records stay as they
are, which is what makes a second import cheap) and the links between them, and lists what changed
as pending (:class:`TkPending`). ``affected`` finds, from the pending records, the motion Zaken,
letters and commitments whose tracker items must be looked at again; ``records`` and ``links_from``
read one chunk of them back with their relations.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from . import mapping
from .models import TkLink, TkPending, TkRecord, TkSubjectRef
from .reader import KEPT, BadRecord, Flat, Page, flatten, merge_record, subject_refs_of

CHUNK = 1000
SQLITE_CHUNK = 900  # below SQLite's limit on variables in one statement

# Which way a change travels to the Zaak it belongs to.
UPWARD = {
    "Stemming": {"Besluit"},
    "Besluit": {"Zaak", "Agendapunt"},
    "Agendapunt": {"Zaak"},
    "Document": {"Zaak"},
    "DocumentVersie": {"Document"},
    "ZaakActor": {"Zaak"},
    "Kamerstukdossier": {"Zaak", "Document"},
}
# Links stored only from the second record to the first (a Besluit's Stemmingen, by far the most
# links there are): nothing looks them up the other way, because a Stemming that changes lists its
# Besluit as pending in its stead (:func:`_pending_keys`).
ONE_WAY = {("Stemming", "Besluit")}


def chunks(items: Iterable, size: int = CHUNK):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _text(data: dict) -> str:
    """The record as stored (and digested): JSON with sorted keys."""
    return json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))


def _digest(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _uuid_array(ids) -> str:
    """Ids as one PostgreSQL array literal (for ``= ANY(%s::uuid[])``): cheaper to send than a
    Python list of thousands of strings, which is dumped element by element."""
    return "{" + ",".join(map(str, ids)) + "}"


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def flatten_page(page: Page, report, flat: Flat | None = None) -> Flat:
    """Add the page's entities to ``flat`` (a new one by default); its problems are reported."""
    flat = flat if flat is not None else Flat()
    for entity, item in page.items:
        if entity is None:
            report.problem(page.source, "entiteit met onbekend type overgeslagen")
            continue
        if entity not in KEPT:
            report.count("records_ignored")
            continue
        try:
            flatten(entity, item, flat)
        except BadRecord as exc:
            report.problem(page.source, f"record overgeslagen: {exc}")
    for problem in flat.problems:
        report.problem(page.source, problem)
    flat.problems.clear()
    return flat


def relaxed_commit() -> None:
    """PostgreSQL: this transaction's commit does not wait for its WAL to reach the disk. A crash may
    lose the last few staged pages (never corrupt them): their checkpoints are lost with them, so
    the next run reads them again. Nothing is less safe for it; a disk flush per batch is saved."""
    if _pg():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def stage_pages(pages: list[Page], report) -> None:
    """Stage a few pages together, and run their checkpoints in order, in one transaction: a
    checkpoint is never saved without the records of its page, nor those without it."""
    flat = Flat()
    for page in pages:
        flatten_page(page, report, flat)
    with transaction.atomic():
        relaxed_commit()
        write(flat, report)
        for page in pages:
            if page.commit:
                page.commit()
    report.count("records_read", len(flat.records))


def write(flat: Flat, report) -> None:
    """Stage new and changed records and new links; list what changed as pending. Each record is
    merged with its staged copy by :func:`reader.merge_record` (a newer version wins, an older or
    partial copy only adds fields), so copies of one record in different files or pages never
    flip-flop."""
    stored, existed = _write_records(flat, report)
    new_links = _write_links(flat)
    if new_links:
        report.count("links_new", len(new_links))
    # A new relation between records already staged makes both worth another look.
    _add_pending(_pending_keys(flat, set(stored) | new_links))
    _write_subject_refs(stored, existed)


def _keys(entity: str, data: dict) -> set:
    """What a record is found by later: the Kamerstukken its subject names, a letter's number
    (a Toezegging's KamerbriefNakoming names it)."""
    keys = set(subject_refs_of(entity, data))
    if entity == "Document" and data.get("DocumentNummer") and data.get("Soort") == mapping.LETTER_DOCUMENT_KIND:
        keys.add(str(data["DocumentNummer"])[:40])
    return keys


def _write_subject_refs(stored: dict[tuple, dict], existed: set) -> None:
    rows = {key: data for key, data in stored.items() if key[0] in ("Zaak", "Document")}
    if not rows:
        return
    again = [tk_id for (_e, tk_id) in rows if (_e, tk_id) in existed]
    for batch in chunks(again, SQLITE_CHUNK):
        TkSubjectRef.objects.filter(tk_id__in=batch).delete()
    TkSubjectRef.objects.bulk_create(
        [TkSubjectRef(entity=e, tk_id=i, kst_id=key) for (e, i), data in rows.items() for key in _keys(e, data)],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )


def _pending_keys(flat: Flat, keys: set) -> set:
    """What to list as pending for these changed keys: a Stemming's Besluit instead of the Stemming
    (the first step :func:`affected` would take, along a link kept only the other way)."""
    besluit_of = {a_id: b_id for a_ent, a_id, b_ent, b_id, _rel in flat.links if (a_ent, b_ent) in ONE_WAY}
    return {
        ("Besluit", besluit_of[tk_id]) if entity == "Stemming" and tk_id in besluit_of else (entity, tk_id)
        for entity, tk_id in keys
    }


def _both_ways(flat: Flat) -> list[tuple]:
    """The rows of the links: each way, but :data:`ONE_WAY` links only from their second record."""
    rows = set()
    for a_ent, a_id, b_ent, b_id, rel in flat.links:
        if (a_ent, b_ent) not in ONE_WAY:
            rows.add((a_ent, a_id, b_ent, b_id, rel))
        rows.add((b_ent, b_id, a_ent, a_id, "^" + rel))
    return sorted(rows)


def _known(keys) -> dict[tuple, str]:
    """The digests of these (entity, id) keys as staged."""
    wanted = set(keys)
    ids = sorted({tk_id for _e, tk_id in wanted})
    found = {}
    if _pg():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT entity, tk_id::text, digest FROM {TkRecord._meta.db_table} WHERE tk_id = ANY(%s::uuid[])",
                [_uuid_array(ids)],
            )
            rows = cursor.fetchall()
    else:
        rows = [
            (e, str(i), d)
            for batch in chunks(ids, SQLITE_CHUNK)
            for e, i, d in TkRecord.objects.filter(tk_id__in=batch).values_list("entity", "tk_id", "digest")
        ]
    for entity, tk_id, digest in rows:
        if (entity, tk_id) in wanted:
            found[(entity, tk_id)] = digest
    return found


def _existing(keys) -> dict[tuple, dict]:
    """The staged data of these (entity, id) keys."""
    wanted = set(keys)
    found = {}
    for entity, tk_id, data in _select_records(sorted({tk_id for _e, tk_id in wanted}), None, with_entity=True):
        if (entity, tk_id) in wanted:
            found[(entity, tk_id)] = data
    return found


def _write_records(flat: Flat, report) -> tuple[dict, set]:
    """Merge each record with its staged copy and store those that changed. A record whose digest
    is the staged one is unchanged without reading the staged copy back (what makes a second run
    cheap). Returns the stored records ``{key: data}`` and the keys of those staged before."""
    texts = {key: _text(data) for key, data in flat.records.items()}
    digests = {key: _digest(text) for key, text in texts.items()}
    known = _known(flat.records)
    differing = [key for key in flat.records if known.get(key) != digests[key]]
    existing = _existing([key for key in differing if key in known])
    stored, touched = {}, {}
    for key in differing:
        data, old = flat.records[key], existing.get(key)
        merged = merge_record(old, data)
        if old is not None and merged is old:
            touched[key] = old  # the same record, staged under an older digest: only the digest is renewed
        else:
            stored[key] = merged
        if merged is not data:
            texts[key] = _text(merged)
            digests[key] = _digest(texts[key])
    inserted = [key for key in stored if key not in known]
    report.count("records_new", len(inserted))
    report.count("records_changed", len(stored) - len(inserted))
    report.count("records_unchanged", len(flat.records) - len(stored))
    rows = {**stored, **touched}
    if rows and _pg():
        table = TkRecord._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor
            # New records go straight in (one import at a time: nothing else adds them meanwhile) ...
            with raw.copy(f"COPY {table} (entity, tk_id, data, digest, seen_at) FROM STDIN") as copy:
                now = timezone.now()
                for key in inserted:
                    copy.write_row((*key, texts[key], digests[key], now))
            # ... and changed ones through a temporary table and one UPDATE.
            again = [key for key in rows if key in known]
            if again:
                raw.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS tk_stage_update "
                    "(entity varchar(40), tk_id uuid, data jsonb, digest varchar(32))"
                )
                raw.execute("TRUNCATE tk_stage_update")
                _copy(
                    raw,
                    "tk_stage_update",
                    "entity, tk_id, data, digest",
                    ((*key, texts[key], digests[key]) for key in again),
                )
                raw.execute(
                    f"UPDATE {table} AS t SET data = s.data, digest = s.digest, seen_at = now() "
                    "FROM tk_stage_update s WHERE t.entity = s.entity AND t.tk_id = s.tk_id"
                )
    elif rows:
        TkRecord.objects.bulk_create(
            [TkRecord(entity=e, tk_id=i, data=d, digest=digests[(e, i)]) for (e, i), d in rows.items()],
            batch_size=SQLITE_CHUNK // 5,
            update_conflicts=True,
            unique_fields=["entity", "tk_id"],
            update_fields=["data", "digest", "seen_at"],
        )
    return stored, set(known)


def _write_links(flat: Flat) -> set:
    """Store the links not yet known (both ways); returns the (entity, id) of records that gained one."""
    if not flat.links:
        return set()
    if _pg():
        table = TkLink._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor
            raw.execute(
                "CREATE TEMP TABLE IF NOT EXISTS tk_stage_link "
                "(a_entity varchar(40), a_id uuid, b_entity varchar(40), b_id uuid, rel varchar(41))"
            )
            raw.execute("TRUNCATE tk_stage_link")
            _copy(raw, "tk_stage_link", "a_entity, a_id, b_entity, b_id, rel", _both_ways(flat))
            raw.execute(
                f"INSERT INTO {table} (a_entity, a_id, b_entity, b_id, rel) "
                "SELECT a_entity, a_id, b_entity, b_id, rel FROM tk_stage_link ON CONFLICT DO NOTHING "
                "RETURNING a_entity, a_id::text"
            )
            return set(raw.fetchall())

    # A link is known when the row it is probed by is: its own row from the declaring side (a party
    # or dossier has thousands of reverse links, so those are not read), or for a ONE_WAY link the
    # one row there is.
    def probe(a_ent, a_id, b_ent, b_id, rel):
        return (b_id, a_id, "^" + rel) if (a_ent, b_ent) in ONE_WAY else (a_id, b_id, rel)

    probes = {link: probe(*link) for link in flat.links}
    known = set()
    for batch in chunks(sorted({a_id for a_id, _b, _r in probes.values()}), SQLITE_CHUNK):
        for a_id, b_id, rel in TkLink.objects.filter(a_id__in=batch).values_list("a_id", "b_id", "rel"):
            known.add((str(a_id), str(b_id), rel))
    fresh = Flat(links={link for link, row in probes.items() if row not in known})
    new = _both_ways(fresh)
    TkLink.objects.bulk_create(
        [TkLink(a_entity=a, a_id=ai, b_entity=b, b_id=bi, rel=rel) for a, ai, b, bi, rel in new],
        batch_size=SQLITE_CHUNK // 5,
        ignore_conflicts=True,
    )
    return {(row[0], row[1]) for row in new}


def _add_pending(keys: set) -> None:
    if not keys:
        return
    if _pg():
        with connection.cursor() as cursor:
            _copy(cursor.cursor, TkPending._meta.db_table, "entity, tk_id", sorted(keys))
    else:
        TkPending.objects.bulk_create([TkPending(entity=e, tk_id=i) for e, i in sorted(keys)], batch_size=400)


def _copy(cursor, table: str, columns: str, rows) -> None:
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@dataclass
class Affected:
    zaken: list  # motion Zaak ids (and other Zaken: the motion writer keeps the motions)
    documents: list  # 'Brief regering' Document ids
    toezeggingen: list
    besluiten: list  # pending Besluit ids


def _affected_sql() -> str:
    """One recursive query: from the pending records up along :data:`UPWARD` (three steps at most)
    to the Zaken, Documents and Toezeggingen they belong to, plus the Documents of those Zaken
    (a letter that shares a Zaak with a changed motion)."""
    edges = " OR ".join(
        f"(up.entity = '{a}' AND l.b_entity = '{b}')" for a, bs in sorted(UPWARD.items()) for b in sorted(bs)
    )
    pending, link = TkPending._meta.db_table, TkLink._meta.db_table
    return (
        f"WITH RECURSIVE up(entity, tk_id, depth) AS ("
        f" SELECT DISTINCT entity, tk_id, 0 FROM {pending}"
        f" UNION SELECT l.b_entity, l.b_id, up.depth + 1 FROM up JOIN {link} l"
        f" ON l.a_id = up.tk_id AND l.a_entity = up.entity WHERE up.depth < 3 AND ({edges})),"
        f" found AS (SELECT DISTINCT entity, tk_id FROM up WHERE entity IN ('Zaak', 'Document', 'Toezegging', 'Besluit'))"
        f" SELECT entity, tk_id FROM found"
        f" UNION SELECT 'Document', l.b_id FROM found f JOIN {link} l"
        f" ON l.a_id = f.tk_id AND l.a_entity = 'Zaak' AND l.b_entity = 'Document' WHERE f.entity = 'Zaak'"
    )


def affected() -> Affected:
    """From the pending records: what the apply must look at again (ids sorted)."""
    found: dict[str, set] = defaultdict(set)
    with connection.cursor() as cursor:
        cursor.execute(_affected_sql())
        for entity, tk_id in cursor.fetchall():
            found[entity].add(_uuid_text(tk_id))
    pending_besluiten = {str(i) for i in TkPending.objects.filter(entity="Besluit").values_list("tk_id", flat=True)}
    letters = set()
    for batch in chunks(sorted(found["Document"]), SQLITE_CHUNK):
        letters.update(
            str(i)
            for i in TkRecord.objects.filter(
                entity="Document", tk_id__in=batch, data__Soort=mapping.LETTER_DOCUMENT_KIND
            ).values_list("tk_id", flat=True)
        )
    return Affected(
        zaken=sorted(found["Zaak"]),
        documents=sorted(letters),
        toezeggingen=sorted(found["Toezegging"]),
        besluiten=sorted(pending_besluiten),
    )


def _uuid_text(value) -> str:
    text = str(value)
    if len(text) == 32:  # SQLite keeps a UUIDField as 32 hex digits
        text = f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return text


def _select_records(ids: list, entity: str | None, *, with_entity: bool = False, keys: tuple = ()):
    """Rows ``(tk_id, data)`` (or ``(entity, tk_id, data)``) of these ids, one array parameter on
    PostgreSQL, in chunks elsewhere; ``keys``: only these fields of ``data``."""
    if not ids:
        return
    if _pg():
        data = f"jsonb_build_object({', '.join(['%s, data -> %s'] * len(keys))})" if keys else "data"
        sql = f"SELECT entity, tk_id::text, {data} FROM {TkRecord._meta.db_table} WHERE tk_id = ANY(%s::uuid[])"
        params = [k for key in keys for k in (key, key)] + [_uuid_array(ids)]
        if entity:
            sql += " AND entity = %s"
            params.append(entity)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for e, tk_id, data in rows:
            yield (e, tk_id, _json(data)) if with_entity else (tk_id, _json(data))
        return
    for batch in chunks(ids, SQLITE_CHUNK):
        qs = TkRecord.objects.filter(tk_id__in=batch)
        if entity:
            qs = qs.filter(entity=entity)
        for e, tk_id, data in qs.values_list("entity", "tk_id", "data"):
            if keys:
                data = {k: data.get(k) for k in keys}
            yield (e, str(tk_id), data) if with_entity else (str(tk_id), data)


def records(entity: str | None, ids: Iterable, keys: tuple = ()) -> dict[str, dict]:
    """``{tk_id: data}``; ``keys``: only these fields (the rest is not even read)."""
    return dict(_select_records(list(ids), entity, keys=keys))


def links_from(ids: Iterable, b_entity: str | tuple | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """``{a_id: [(b_entity, b_id, rel), ...]}``; ``b_entity``: one entity or a tuple of them."""
    found: dict[str, list] = defaultdict(list)
    ids = list(ids)
    if not ids:
        return found
    entities = b_entity if isinstance(b_entity, tuple) else ((b_entity,) if b_entity else ())
    if _pg():
        sql = f"SELECT a_id::text, b_entity, b_id::text, rel FROM {TkLink._meta.db_table} WHERE a_id = ANY(%s::uuid[])"
        params = [_uuid_array(ids)]
        if entities:
            sql += " AND b_entity = ANY(%s)"
            params.append(list(entities))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for a_id, b_ent, b_id, rel in rows:
            found[a_id].append((b_ent, b_id, rel))
        return found
    for batch in chunks(ids, SQLITE_CHUNK):
        qs = TkLink.objects.filter(a_id__in=batch)
        if entities:
            qs = qs.filter(b_entity__in=entities)
        for a_id, b_ent, b_id, rel in qs.values_list("a_id", "b_entity", "b_id", "rel"):
            found[str(a_id)].append((b_ent, str(b_id), rel))
    return found


def linked_records(ids: Iterable, b_entity: str, keys: tuple = ()) -> dict[str, dict[str, dict]]:
    """``{a_id: {b_id: data}}``: the ``b_entity`` records linked from these ids, with their data
    (``keys``: only these fields), in one query on PostgreSQL."""
    found: dict[str, dict] = defaultdict(dict)
    ids = list(ids)
    if not ids:
        return found
    if not _pg():
        links = links_from(ids, b_entity)
        data = records(b_entity, {b for rows in links.values() for _e, b, _r in rows}, keys)
        for a_id, rows in links.items():
            for _e, b_id, _r in rows:
                if b_id in data:
                    found[a_id][b_id] = data[b_id]
        return found
    value = f"jsonb_build_object({', '.join(['%s, r.data -> %s'] * len(keys))})" if keys else "r.data"
    sql = (
        f"SELECT l.a_id::text, l.b_id::text, {value} FROM {TkLink._meta.db_table} l "
        f"JOIN {TkRecord._meta.db_table} r ON r.tk_id = l.b_id AND r.entity = l.b_entity "
        "WHERE l.a_id = ANY(%s::uuid[]) AND l.b_entity = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [k for key in keys for k in (key, key)] + [_uuid_array(ids), b_entity])
        for a_id, b_id, data in cursor.fetchall():
            found[a_id][b_id] = _json(data)
    return found


def naming(entity: str, kst_ids: list[str]) -> list[str]:
    """Ids of staged records of ``entity`` whose subject names one of ``kst_ids``."""
    found = set()
    for batch in chunks(kst_ids, SQLITE_CHUNK):
        found.update(
            str(i) for i in TkSubjectRef.objects.filter(entity=entity, kst_id__in=batch).values_list("tk_id", flat=True)
        )
    return sorted(found)


def clear_pending() -> int:
    return TkPending.objects.all().delete()[0]
