"""The import of Tweede Kamer open data: read (files or the OData service), stage, apply.

:func:`run_import` is what the management command and the nightly task call. It reads every page,
stages the pages a few at a time (one transaction for a batch and its network checkpoints, so a
staged page is never fetched again), then applies what changed to the tracker: motions, then letters
(which link to motions), then commitments (which link to letters), then links that could only be
made now.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import staging
from .models import ImportRun, TkCheckpoint
from .reader import BASE_URL, QUERIES, ImportInterrupted, ODataClient, read_dir
from .upsert import CommitmentWriter, LetterWriter, MotionWriter, RefCache, report_untied_besluiten

logger = logging.getLogger(__name__)
LOCK_KEY = 0x746B696D  # 'tkim': one import at a time (PostgreSQL advisory lock)
MOTION_CHUNK = 1000
# Pages are staged together, in one transaction, until they hold this many entities (a page of
# the service holds 250): fewer statements and commits, and memory stays bounded.
STAGE_BATCH = 2500


class ImportAlreadyRunning(Exception):
    pass


@dataclass
class Report:
    stats: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)
    interrupted: str = ""
    max_problems: int = 1000

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] += n

    def problem(self, where: str, message: str) -> None:
        self.stats["problems"] += 1
        logger.warning("import_tk: %s: %s", where, message)
        if len(self.problems) < self.max_problems:
            self.problems.append(f"{where}: {message}")


class NoProgress:
    """The progress interface: the command shows a bar; the task and tests show nothing."""

    def phase(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


def network_pages(client: ODataClient, *, since=None, queries=QUERIES):
    """Pages of every query, resuming each at its checkpoint. ``since`` (a datetime) starts a new
    round from that moment for every query, dropping any half-finished round."""
    for query in queries:
        checkpoint, _ = TkCheckpoint.objects.get_or_create(entity=query.name)
        if checkpoint.next_url and since is None:
            start, page_no = checkpoint.next_url, checkpoint.pages_done
        else:
            checkpoint.run_started = timezone.now()
            checkpoint.pages_done = 0
            start, page_no = client.first_url(query, since if since is not None else checkpoint.since), 0
            checkpoint.next_url = start
            checkpoint.save()

        def done(next_url, page, cp=checkpoint):
            cp.next_url = next_url or ""
            cp.pages_done = page
            if not next_url:  # the round is complete: next time, only what changed since it began
                cp.since = cp.run_started
            cp.save()

        yield from client.pages(query, start, page_no, done)


def _lock() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        return cursor.fetchone()[0]


def _unlock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def run_import(
    *,
    from_dir: Path | str | None = None,
    since=None,
    base_url: str | None = None,
    client: ODataClient | None = None,
    progress=None,
    queries=QUERIES,
) -> ImportRun:
    """Run one import and return its :class:`ImportRun` (stats, problems, interruption)."""
    progress = progress or NoProgress()
    if not _lock():
        raise ImportAlreadyRunning("Er loopt al een import van de open data TK.")
    report = Report()
    base_url = base_url or getattr(settings, "KT_TK_ODATA_URL", BASE_URL)
    run = ImportRun.objects.create(source=str(from_dir) if from_dir else base_url)
    own_client = None
    try:
        if from_dir is not None:
            directory = Path(from_dir)
            if not directory.is_dir():
                raise FileNotFoundError(f"Map {directory} bestaat niet.")
            pages = read_dir(directory)
            progress.phase("Bestanden lezen", sum(1 for _ in directory.rglob("*.json")))
        else:
            client = client or (own_client := ODataClient(base_url))
            pages = network_pages(client, since=since, queries=queries)
            progress.phase("Pagina's ophalen")
        started = time.monotonic()
        stage(pages, report, progress)
        report.stats["seconds_reading"] = round(time.monotonic() - started, 1)
        started = time.monotonic()
        apply_changes(report, progress)
        report.stats["seconds_applying"] = round(time.monotonic() - started, 1)
        if from_dir is None:  # the letters' texts, read and analysed by the worker (tkimport/letter_texts.py)
            from .letter_texts import queue_letter_texts

            report.count("letter_texts_queued", queue_letter_texts(base_url=client.base_url))
    finally:
        if own_client:
            own_client.close()
        _unlock()
        run.finished_at = timezone.now()
        run.stats = dict(report.stats)
        run.problems = report.problems
        run.interrupted = report.interrupted
        run.save()
    return run


def stage(pages, report: Report, progress) -> None:
    """Stage every page, a few at a time (:data:`STAGE_BATCH`). When the source stops answering,
    what was read lands with its checkpoints and the run goes on to apply it."""
    batch, size = [], 0

    def flush():
        nonlocal batch, size
        if batch:
            staging.stage_pages(batch, report)
            report.count("pages_read", len(batch))
            progress.advance(len(batch))
        batch, size = [], 0

    try:
        for page in pages:
            if page.error:
                report.problem(page.source, page.error)
                report.count("pages_skipped")
                progress.advance()
                continue
            batch.append(page)
            size += len(page.items)
            if size >= STAGE_BATCH:
                flush()
    except ImportInterrupted as exc:
        report.interrupted = str(exc)
        logger.error("import_tk interrupted: %s", exc)
    flush()


def apply_changes(report: Report, progress=None) -> None:
    """Apply every staged record that changed since the last run to the tracker."""
    progress = progress or NoProgress()
    found = staging.affected()
    zaken, documents, toezeggingen = found.zaken, found.documents, found.toezeggingen
    refs = RefCache()
    motions, letters = MotionWriter(report, refs), LetterWriter(report, refs)
    commitments = CommitmentWriter(report, refs, letters)
    progress.phase("Toepassen", len(zaken) + len(documents) + len(toezeggingen))
    for batch in staging.chunks(zaken, MOTION_CHUNK):
        motions.apply_chunk(batch)
        progress.advance(len(batch))
    for batch in staging.chunks(documents, MOTION_CHUNK):
        letters.apply_chunk(batch)
        progress.advance(len(batch))
    for batch in staging.chunks(toezeggingen, MOTION_CHUNK):
        commitments.apply_chunk(batch)
        progress.advance(len(batch))
    report_untied_besluiten(report, motions.reported_besluiten, found.besluiten)
    motions.link_replacements()
    letters.link_late_motions(motions.created_refs)
    with transaction.atomic():
        staging.clear_pending()
