"""Benchmark: the public motion list, a filtered full-text search and a motion page over 50,000
motions, 20,000 commitments and 30,000 letters.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kamertracker .venv/bin/python bench/public_pages.py

Loads the data (bulk_create) into a separate database ``<name>_bench`` on that PostgreSQL server (dropped
and created anew, so your data is not touched), then prints for each page the server time through the
Django test client (median and p95 of --runs requests) and the time of the bare SQL that fetches the
same rows (the page's own queries, captured and run again on a plain cursor), and their ratio.
Each page is measured cold (the page cache off: what every request cost before it, and what the first
request after a change costs) and warm (served from the page cache, public/caching.py: the data-version
query and a cache read). --redis uses the Redis cache at REDIS_URL for the warm runs instead of the
process's memory cache.
--floor adds, per page, the ORM alone: the same rows fetched through the page's own selectors and
FilterSet (no template, no middleware, no test client) next to their bare SQL; where that ratio is
over 2x already, no rendering can bring the page within 2x of its SQL.
Not part of the test suite. Options: --motions N --commitments N --letters N --runs N --keep --redis
--profile --floor.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import bench_database  # noqa: E402

WORDS = (
    "terugkeer vrijwillige asielzoekers gemeenten opvang onderzoek regering verzoekt kamer informeren "
    "beleid evaluatie maatregelen migratie veiligheid justitie herkomstlanden ondersteuning uitvoering "
    "terugkeerbeleid vreemdelingenbewaring convenant landelijke pilots begroting rapportage"
).split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def load(args, log):
    from django.utils import timezone

    from commitments.models import Commitment, CommitmentEvent
    from core.models import Dossier, Ministry, Party, Person
    from letters.models import Letter, LetterEvent, LetterLink
    from motions.models import Motion, MotionEvent, MotionSubmitter

    rng = random.Random(7)
    batch = 5000
    ministries = Ministry.objects.bulk_create(
        Ministry(name=f"Ministerie {a}", abbreviation=a) for a in ("JenV", "AenM", "BZK", "OCW", "VWS")
    )
    parties = Party.objects.bulk_create(Party(abbreviation=f"P{i}", name=f"Partij {i}") for i in range(15))
    people = Person.objects.bulk_create(
        Person(surname=f"Lid{i}", initials="A.", party=rng.choice(parties)) for i in range(150)
    )
    dossiers = Dossier.objects.bulk_create(Dossier(number=str(30000 + i), title=sentence(rng, 4)) for i in range(2000))
    statuses = ["ingediend", "aangenomen", "verworpen", "in_uitvoering", "afgedaan", "aangehouden"]
    today = timezone.localdate()

    def day(spread):
        return today - timezone.timedelta(days=rng.randint(-spread, spread * 4))

    log(f"loading {args.motions:,} motions ...")
    motions = []
    for start in range(0, args.motions, batch):
        motions += Motion.objects.bulk_create(
            Motion(
                ref=f"kst-{dossiers[i % len(dossiers)].number}-{i // len(dossiers) + 1}",
                title=f"Motie over {sentence(rng, 6)}",
                text=f"Verzoekt de regering {sentence(rng, 60)}",
                dossier=dossiers[i % len(dossiers)],
                ministry=rng.choice(ministries),
                submitted_on=day(400),
                deadline_date=day(300) if rng.random() < 0.6 else None,
                status=rng.choice(statuses),
                internal_notes="intern",
            )
            for i in range(start, min(start + batch, args.motions))
        )
        log(f"  {len(motions):,}")
    subs, events = [], []
    for m in motions:
        for pos, person in enumerate(rng.sample(people, 2)):
            subs.append(MotionSubmitter(motion=m, person=person, party=person.party, position=pos))
        events += [
            MotionEvent(motion=m, kind="created", to_status="ingediend"),
            MotionEvent(motion=m, from_status="ingediend", to_status=m.status),
        ]
    MotionSubmitter.objects.bulk_create(subs, batch_size=batch)
    MotionEvent.objects.bulk_create(events, batch_size=batch)
    log(f"loading {args.letters:,} letters and links ...")
    letters = Letter.objects.bulk_create(
        (
            Letter(
                subject=f"Brief over {sentence(rng, 8)}",
                text=sentence(rng, 200),
                dossier=rng.choice(dossiers),
                ministry=rng.choice(ministries),
                sender=rng.choice(people),
                date=day(400),
                status="verzonden",
                sent_at=timezone.now(),
                decision_memo="geheim",
            )
            for _ in range(args.letters)
        ),
        batch_size=batch,
    )
    LetterLink.objects.bulk_create(
        (
            LetterLink(letter=l, motion=m, effect="afdoen")
            for l, m in zip(letters, rng.sample(motions, min(len(letters), len(motions))))
        ),
        batch_size=batch,
    )
    LetterEvent.objects.bulk_create(
        (LetterEvent(letter_item=l, to_status="verzonden") for l in letters), batch_size=batch
    )
    log(f"loading {args.commitments:,} commitments ...")
    commitments = Commitment.objects.bulk_create(
        (
            Commitment(
                text=f"De minister stuurt de Kamer {sentence(rng, 25)}",
                ministry=rng.choice(ministries),
                made_by=rng.choice(people),
                motion=rng.choice(motions),
                made_on=day(400),
                deadline_date=day(200),
                status=rng.choice(["openstaand", "voldaan", "deels_voldaan"]),
            )
            for _ in range(args.commitments)
        ),
        batch_size=batch,
    )
    CommitmentEvent.objects.bulk_create(
        (CommitmentEvent(commitment=c, to_status=c.status) for c in commitments), batch_size=batch
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return motions


def timed(client, url, runs):
    for _ in range(3):  # warm up caches, templates, connection
        assert client.get(url).status_code == 200, url
    server = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url)
        server.append(time.perf_counter() - t0)
        assert response.status_code == 200
    return server


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(KT_PAGE_CACHE=False):
        server = timed(client, url, runs)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        statements = [
            q["sql"]
            for q in ctx.captured_queries  # (read before the next request resets them)
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET", "ROLLBACK", "DECLARE", "CLOSE"))
        ]
    with override_settings(KT_PAGE_CACHE=True):
        warm = timed(client, url, runs)
    return server, warm, bare_sql(statements, runs), len(statements)


def bare_sql(statements, runs):
    """The seconds each of ``runs`` rounds of ``statements`` takes on a plain cursor, rows fetched."""
    from django.db import connection

    sql = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            t0 = time.perf_counter()
            for statement in statements:
                cursor.execute(statement)
                if cursor.description is not None:
                    cursor.fetchall()
            sql.append(time.perf_counter() - t0)
    return sql


def p95(values):
    return sorted(values)[max(0, int(round(len(values) * 0.95)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--motions", type=int, default=50_000)
    parser.add_argument("--commitments", type=int, default=20_000)
    parser.add_argument("--letters", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse the bench database and its data")
    parser.add_argument("--profile", action="store_true", help="also print where a cold request's time goes")
    parser.add_argument("--redis", action="store_true", help="the warm runs on the Redis cache at REDIS_URL")
    parser.add_argument("--floor", action="store_true", help="also time each page's rows through the ORM alone")
    args = parser.parse_args()
    url, reused = bench_database(os.environ.get("DATABASE_URL", ""), args.keep)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")

    import django
    from django.conf import settings

    if args.redis:
        from tracker.settings.base import redis_cache

        settings.CACHES = {"default": {**redis_cache(os.environ["REDIS_URL"]), "KEY_PREFIX": "kt-bench"}}
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from motions.models import Motion

    def log(msg):
        print(msg, flush=True)

    setup_test_environment()
    if not reused:
        log(f"database {url.rsplit('/', 1)[-1]}: migrating ...")
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        load(args, log)
        log(f"loaded in {time.perf_counter() - t0:.0f} s")
    else:
        call_command("migrate", verbosity=0)
    from django.core.cache import cache

    cache.clear()
    motion = Motion.objects.filter(letter_links__isnull=False).order_by("id").first()
    pages = [
        ("motion list", "/moties/"),
        (
            "filtered search",
            "/moties/?q=terugkeer+onderzoek&status=aangenomen&status=in_uitvoering&ministry=JenV&overdue=true",
        ),
        ("motion page", f"/moties/{motion.ref.kst_id}/"),
    ]
    client = Client()
    log(
        f"\n{'page':<17} {'queries':>7} {'cold median':>12} {'p95':>8} {'warm median':>12} {'p95':>8} "
        f"{'SQL median':>11} {'p95':>8} {'cold/SQL':>8}"
    )
    for name, path in pages:
        server, warm, sql, n = measure(client, path, args.runs)
        ms = [f(v) * 1000 for v in (server, warm, sql) for f in (statistics.median, p95)]
        log(
            f"{name:<17} {n:>7} {ms[0]:>9.1f} ms {ms[1]:>5.1f} ms {ms[2]:>9.1f} ms {ms[3]:>5.1f} ms "
            f"{ms[4]:>8.1f} ms {ms[5]:>5.1f} ms {ms[0] / ms[4]:>7.1f}x"
        )
    if args.floor:
        floor(pages, motion, args.runs, log)
    if args.profile:
        for name, path in pages:
            profile(client, name, path)


def orm_fetch(path, motion):
    """A function that fetches what the page at ``path`` shows, through the same code the view runs,
    and stops before the template: every queryset it hands the template evaluated (the rows and their
    prefetches, the count, the filter form's choices)."""
    from urllib.parse import parse_qs, urlsplit

    from django.core.paginator import Paginator
    from django.http import QueryDict

    from motions.selectors import motion_get_public
    from public import kinds, views

    parts = urlsplit(path)
    if parts.path != "/moties/":
        return lambda: motion_get_public(kst_id=motion.ref.kst_id)
    params = QueryDict(mutable=True)
    for key, values in parse_qs(parts.query).items():
        params.setlist(key, values)

    def fetch():
        filterset = views.filtered(kinds.KINDS["moties"], params)
        assert not views._invalid(filterset)
        page = Paginator(filterset.qs, views.PAGE_SIZE).page(1)
        rows = list(page.object_list)
        for field in filterset.form.fields.values():  # the choices the form's selects would list
            list(getattr(field.widget, "choices", ()))
        return page.paginator.count, rows

    return fetch


def floor(pages, motion, runs, log):
    """The ORM alone per page: ``orm_fetch``'s time next to the bare SQL of the queries it sends."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    log(f"\n{'ORM only':<17} {'queries':>7} {'ORM median':>12} {'SQL median':>11} {'ORM/SQL':>8}")
    with override_settings(KT_PAGE_CACHE=False):
        for name, path in pages:
            fetch = orm_fetch(path, motion)
            for _ in range(3):
                fetch()
            orm = []
            for _ in range(runs):
                t0 = time.perf_counter()
                fetch()
                orm.append(time.perf_counter() - t0)
            with CaptureQueriesContext(connection) as ctx:
                fetch()
            statements = [q["sql"] for q in ctx.captured_queries]
            o, q = statistics.median(orm) * 1000, statistics.median(bare_sql(statements, runs)) * 1000
            log(f"{name:<17} {len(statements):>7} {o:>9.1f} ms {q:>8.1f} ms {o / q:>7.1f}x")


def profile(client, name, path, runs=10):
    """The functions a cold request spends its time in (cProfile, cumulative), the 15 largest."""
    import cProfile
    import io
    import pstats

    from django.test.utils import override_settings

    with override_settings(KT_PAGE_CACHE=False):
        client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            client.get(path)
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    print(f"\n=== {name} ({runs} cold requests)\n{out.getvalue()}", flush=True)


if __name__ == "__main__":
    main()
