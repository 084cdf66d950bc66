"""Benchmark: one reminder sweep over 100,000 commitments of which 1,000 are due.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kamertracker .venv/bin/python bench/reminders_sweep.py

Uses a separate database ``<name>_bench`` on the same PostgreSQL server (dropped and created anew),
so your data is not touched. Send tasks go to an in-memory broker: this measures the sweep, not SMTP.
Not part of the test suite. Options: --items N --due N --keep (reuse the existing bench database).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import bench_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--keep", action="store_true", help="reuse the bench database and its data")
    args = parser.parse_args()
    url, reused = bench_database(os.environ.get("DATABASE_URL", ""), args.keep)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")

    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from commitments.models import Commitment, CommitmentStatus
    from core.models import Ministry
    from notifications.models import OutboxMessage
    from reminders import services
    from reminders.models import ReminderPolicy
    from tracker.celery import app

    app.conf.broker_url = "memory://"
    print(f"database: {connection.settings_dict['NAME']}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - t0:.1f}s")
    today = timezone.localdate()
    if not reused:
        ministries = [
            Ministry.objects.create(
                name=f"Ministerie {i}", abbreviation=f"B{i}", parliamentary_affairs_email=f"pz{i}@bench.example"
            )
            for i in range(12)
        ]
        t0 = time.perf_counter()
        batch = []
        for i in range(args.items):
            if i < args.due:
                deadline, status = today + timedelta(days=7), CommitmentStatus.OPEN  # a 7-day reminder today
            elif i % 10 == 0:
                deadline, status = today - timedelta(days=200 + i % 300), CommitmentStatus.FULFILLED
            else:
                deadline, status = today + timedelta(days=45 + i % 900), CommitmentStatus.OPEN
            batch.append(
                Commitment(
                    text=f"Toezegging {i}",
                    status=status,
                    deadline_date=deadline,
                    deadline_phrase="",
                    ministry=ministries[i % len(ministries)],
                )
            )
            if len(batch) == 5000:
                Commitment.objects.bulk_create(batch)
                batch = []
                print(f"\r  {i + 1:,} commitments", end="", flush=True)
        Commitment.objects.bulk_create(batch)
        print(f"\rcreated {args.items:,} commitments ({args.due:,} due) in {time.perf_counter() - t0:.1f}s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    policy = ReminderPolicy.current()
    OutboxMessage.objects.all().delete()
    # Not the digest day, so the figures are about reminders (digests add one mail per ministry).
    policy.digest_weekday = 6 if today.weekday() != 6 else 5
    policy.save()
    open_in_window = Commitment.objects.open().filter(deadline_date__lte=today + timedelta(days=30)).count()
    print(f"open commitments within the 30-day window: {open_in_window:,} of {Commitment.objects.count():,}")

    for label, kwargs in (("dry run", {"dry_run": True}), ("first sweep", {}), ("second sweep (nothing new)", {})):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            result = services.sweep(today=today, **kwargs)
            elapsed = time.perf_counter() - t0
        print(
            f"{label:28s} {elapsed * 1000:8.0f} ms  {len(ctx.captured_queries):3d} queries  "
            f"{len(result.reminders):5d} reminders  {result.claimed:5d} queued"
        )
    print(f"outbox rows: {OutboxMessage.objects.count():,}")


if __name__ == "__main__":
    main()
