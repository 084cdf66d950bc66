"""Staging: the source records as last seen, joined across files and pages.

``stage_page`` writes one page's records (new or changed only: unchanged records stay as they are,
which is what makes a second import cheap) and the links between them, and marks what changed as
dirty. ``affected`` finds, from the dirty records, the motion Zaken, letters and commitments whose
tracker items must be looked at again; ``load_*`` read one chunk of them back with their relations.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from .models import TkLink, TkRecord, TkSubjectRef
from .reader import KEPT, BadRecord, Flat, Page, flatten, merge_record, subject_refs_of

CHUNK = 1000

# Which way a change travels to the Zaak it belongs to.
UPWARD = {
    "Stemming": {"Besluit"}, "Besluit": {"Zaak", "Agendapunt"}, "Agendapunt": {"Zaak"},
    "Document": {"Zaak"}, "DocumentVersie": {"Document"}, "ZaakActor": {"Zaak"},
    "Kamerstukdossier": {"Zaak", "Document"},
}


def chunks(items: Iterable, size: int = CHUNK):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _digest(data: dict) -> str:
    return hashlib.md5(json.dumps(data, sort_keys=True, default=str).encode(), usedforsecurity=False).hexdigest()


def flatten_page(page: Page, report) -> Flat:
    flat = Flat()
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
    return flat


def stage_page(page: Page, report) -> None:
    """Stage one page (and run its checkpoint) in one transaction."""
    flat = flatten_page(page, report)
    with transaction.atomic():
        write(flat, report)
        if page.commit:
            page.commit()
    report.count("records_read", len(flat.records))


def write(flat: Flat, report) -> None:
    """Stage new and changed records and new links; mark what changed dirty. Each record is merged
    with its staged copy by :func:`reader.merge_record` (the newer copy wins, an older or partial one
    only fills gaps), so copies of one record in different files or pages never flip-flop."""
    changed = _write_records(flat, report)
    new_links = _write_links_pg(flat) if connection.vendor == "postgresql" else _write_links(flat)
    subject_rows = [(e, i) for e, i in changed if e in ("Zaak", "Document")
                    and ("Onderwerp" in flat.records[(e, i)] or "DocumentNummer" in flat.records[(e, i)])]
    if subject_rows:
        TkSubjectRef.objects.filter(tk_id__in=[i for _e, i in subject_rows]).delete()
        TkSubjectRef.objects.bulk_create(
            [TkSubjectRef(entity=e, tk_id=i, kst_id=key) for e, i in subject_rows
             for key in _keys(e, flat.records[(e, i)])], batch_size=CHUNK, ignore_conflicts=True)
    if new_links:
        report.count("links_new", len(new_links))
        # A new relation between records already staged makes both worth another look.
        for batch in chunks(sorted(new_links)):
            TkRecord.objects.filter(tk_id__in=batch, dirty=False).update(dirty=True)


def _keys(entity: str, data: dict) -> set:
    """What a record is found by later: the Kamerstukken its subject names, a document's number."""
    keys = set(subject_refs_of(entity, data))
    if entity == "Document" and data.get("DocumentNummer"):
        keys.add(str(data["DocumentNummer"])[:40])
    return keys


def _both_ways(flat: Flat) -> list[tuple]:
    rows = set()
    for a_ent, a_id, b_ent, b_id, rel in flat.links:
        rows.add((a_ent, a_id, b_ent, b_id, rel))
        rows.add((b_ent, b_id, a_ent, a_id, "^" + rel))
    return sorted(rows)


def _existing(keys) -> dict[tuple, dict]:
    """The staged data of these (entity, id) keys, in one query per chunk."""
    found = {}
    wanted = set(keys)
    for batch in chunks(sorted({tk_id for _e, tk_id in wanted})):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT entity, tk_id, data FROM {TkRecord._meta.db_table} WHERE tk_id = ANY(%s::uuid[])",
                               [batch])
                rows = cursor.fetchall()
        else:
            rows = TkRecord.objects.filter(tk_id__in=batch).values_list("entity", "tk_id", "data")
        for entity, tk_id, data in rows:
            if (entity, str(tk_id)) in wanted:
                found[(entity, str(tk_id))] = json.loads(data) if isinstance(data, str) else data
    return found


def _write_records(flat: Flat, report) -> list[tuple]:
    """Merge each record with its staged copy (:func:`reader.merge_record`) and store those that
    changed; returns their keys."""
    existing = _existing(flat.records)
    rows = []
    for key, data in flat.records.items():
        old = existing.get(key)
        merged = merge_record(old, data)
        if old is not None and merged is old:
            continue
        rows.append((key, merged))
    inserted = sum(1 for key, _d in rows if key not in existing)
    report.count("records_new", inserted)
    report.count("records_changed", len(rows) - inserted)
    report.count("records_unchanged", len(flat.records) - len(rows))
    if connection.vendor == "postgresql":
        _store_pg(rows)
    else:
        TkRecord.objects.bulk_create(
            [TkRecord(entity=e, tk_id=i, data=d, digest=_digest(d), dirty=True) for (e, i), d in rows],
            batch_size=CHUNK, update_conflicts=True, unique_fields=["entity", "tk_id"],
            update_fields=["data", "digest", "dirty", "seen_at"])
    return [key for key, _d in rows]


def _write_links(flat: Flat) -> set:
    forward = {(a_id, b_id, rel) for _a, a_id, _b, b_id, rel in flat.links}
    known = set()
    # Looked up from the declaring side only: a party or dossier has thousands of reverse links.
    for batch in chunks(sorted({a_id for a_id, _b, _r in forward})):
        for a_id, b_id, rel in TkLink.objects.filter(a_id__in=batch).values_list("a_id", "b_id", "rel"):
            known.add((str(a_id), str(b_id), rel))
    new = [row for row in _both_ways(flat) if (row[1], row[3], row[4]) not in known
           and (row[3], row[1], row[4][1:]) not in known]
    TkLink.objects.bulk_create([TkLink(a_entity=a, a_id=ai, b_entity=b, b_id=bi, rel=rel)
                                for a, ai, b, bi, rel in new], batch_size=CHUNK, ignore_conflicts=True)
    return {row[1] for row in new}


def _copy(cursor, table: str, columns: str, rows) -> None:
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _store_pg(rows: list[tuple]) -> None:
    """COPY the merged records into a temporary table, then one INSERT ... ON CONFLICT."""
    if not rows:
        return
    table = TkRecord._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.execute("CREATE TEMP TABLE IF NOT EXISTS tk_stage_record (entity varchar(40), tk_id uuid, data jsonb)")
        raw.execute("TRUNCATE tk_stage_record")
        _copy(raw, "tk_stage_record", "entity, tk_id, data",
              ((e, i, json.dumps(d, default=str)) for (e, i), d in rows))
        raw.execute(
            f"INSERT INTO {table} AS t (entity, tk_id, data, digest, dirty, seen_at) "
            "SELECT entity, tk_id, data, md5(data::text), true, now() FROM tk_stage_record "
            "ON CONFLICT (entity, tk_id) DO UPDATE SET data = EXCLUDED.data, digest = EXCLUDED.digest, "
            "dirty = true, seen_at = EXCLUDED.seen_at"
        )


def _write_links_pg(flat: Flat) -> set:
    if not flat.links:
        return set()
    table = TkLink._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.execute("CREATE TEMP TABLE IF NOT EXISTS tk_stage_link "
                    "(a_entity varchar(40), a_id uuid, b_entity varchar(40), b_id uuid, rel varchar(41))")
        raw.execute("TRUNCATE tk_stage_link")
        _copy(raw, "tk_stage_link", "a_entity, a_id, b_entity, b_id, rel", _both_ways(flat))
        raw.execute(f"INSERT INTO {table} (a_entity, a_id, b_entity, b_id, rel) "
                    "SELECT a_entity, a_id, b_entity, b_id, rel FROM tk_stage_link ON CONFLICT DO NOTHING "
                    "RETURNING a_id")
        return {str(row[0]) for row in raw.fetchall()}


def affected() -> tuple[list[str], list[str], list[str]]:
    """From the dirty records: motion Zaak ids, letter Document ids, Toezegging ids (sorted)."""
    frontier: dict[str, set] = defaultdict(set)
    zaken, documents, toezeggingen = set(), set(), set()
    for entity, tk_id in TkRecord.objects.filter(dirty=True).values_list("entity", "tk_id").iterator(CHUNK):
        tk_id = str(tk_id)
        if entity == "Zaak":
            zaken.add(tk_id)
        elif entity == "Toezegging":
            toezeggingen.add(tk_id)
        else:
            if entity == "Document":
                documents.add(tk_id)
            if entity in UPWARD:
                frontier[entity].add(tk_id)
    for _depth in range(3):
        following: dict[str, set] = defaultdict(set)
        for entity, ids in frontier.items():
            for batch in chunks(sorted(ids)):
                for b_entity, b_id in TkLink.objects.filter(
                    a_id__in=batch, a_entity=entity, b_entity__in=UPWARD[entity]
                ).values_list("b_entity", "b_id"):
                    (zaken if b_entity == "Zaak" else following[b_entity]).add(str(b_id))
        documents |= following.get("Document", set())
        frontier = following
    # Letters that share a Zaak with a changed motion.
    for batch in chunks(sorted(zaken)):
        documents.update(str(i) for i in TkLink.objects.filter(a_id__in=batch, b_entity="Document")
                         .values_list("b_id", flat=True))
    return sorted(zaken), sorted(documents), sorted(toezeggingen)


def records(entity: str | None, ids: Iterable) -> dict[str, dict]:
    ids = list(ids)
    if not ids:
        return {}
    qs = TkRecord.objects.filter(tk_id__in=ids)
    if entity:
        qs = qs.filter(entity=entity)
    return {str(tk_id): data for tk_id, data in qs.values_list("tk_id", "data")}


def links_from(ids: Iterable, b_entity: str | tuple | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """``{a_id: [(b_entity, b_id, rel), ...]}``; ``b_entity``: one entity or a tuple of them."""
    found: dict[str, list] = defaultdict(list)
    ids = list(ids)
    if not ids:
        return found
    qs = TkLink.objects.filter(a_id__in=ids)
    if isinstance(b_entity, tuple):
        qs = qs.filter(b_entity__in=b_entity)
    elif b_entity:
        qs = qs.filter(b_entity=b_entity)
    for a_id, b_ent, b_id, rel in qs.values_list("a_id", "b_entity", "b_id", "rel"):
        found[str(a_id)].append((b_ent, str(b_id), rel))
    return found


def naming(entity: str, kst_ids: list[str]) -> list[str]:
    """Ids of staged records of ``entity`` whose subject names one of ``kst_ids``."""
    return [str(i) for i in TkSubjectRef.objects.filter(entity=entity, kst_id__in=kst_ids)
            .values_list("tk_id", flat=True).distinct()]


def clear_dirty() -> int:
    return TkRecord.objects.filter(dirty=True).update(dirty=False)
