"""Load test: gunicorn with the production settings on PostgreSQL with benchmark data, and a load
generator on loopback only: --clients concurrent clients (50) for --seconds (60) over the home page, a
filtered motion list, a full-text search and a motion page. Prints requests/s, p50/p95/p99 latency
and errors per page and in total.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kamertracker .venv/bin/python bench/load.py

The data goes into ``<name>_bench`` (the same throwaway database as bench/public_pages.py; --keep reuses
it and its data). Options: --motions N --commitments N --letters N --workers N --clients N --seconds N.
"""
import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import bench_database  # noqa: E402
from public_pages import load  # noqa: E402
from serve import HEADERS, production_server  # noqa: E402


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


async def run_load(base: str, pages: list[tuple[str, str]], clients: int, seconds: float):
    import logging

    import httpx

    logging.getLogger("httpx").setLevel(logging.WARNING)
    results = {name: {"latency": [], "errors": 0} for name, _ in pages}
    deadline = time.monotonic() + seconds

    async def client(number: int, http: httpx.AsyncClient):
        i = number
        while time.monotonic() < deadline:
            name, path = pages[i % len(pages)]
            i += 1
            started = time.perf_counter()
            try:
                response = await http.get(path)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                results[name]["latency"].append(time.perf_counter() - started)
            else:
                results[name]["errors"] += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=HEADERS, limits=limits, timeout=30) as http:
        started = time.monotonic()
        await asyncio.gather(*(client(n, http) for n in range(clients)))
        elapsed = time.monotonic() - started
    return results, elapsed


def log(msg):
    print(msg, flush=True)


def with_bench_data(args) -> str:
    """The ``<name>_bench`` database with the public-pages benchmark data (loaded unless --keep finds it)."""
    url, reused = bench_database(os.environ.get("DATABASE_URL", ""), args.keep)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="tracker.settings.test")
    import django

    django.setup()
    if not reused:
        from django.core.management import call_command

        log(f"database {url.rsplit('/', 1)[-1]}: migrating and loading ...")
        call_command("migrate", verbosity=0)
        load(args, log)
    return url


SIZES = {"motions": 50_000, "commitments": 20_000, "letters": 30_000}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, default in SIZES.items():
        parser.add_argument(f"--{name}", type=int, default=default, help=f"{name} to load (default {default:,})")
    parser.add_argument("--workers", type=int, default=min(8, 2 * (os.cpu_count() or 1) + 1))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="reuse the bench database and its data")
    args = parser.parse_args()
    url = with_bench_data(args)
    from motions.models import Motion
    from public.kinds import item_url

    motion = Motion.objects.filter(letter_links__isnull=False).order_by("id").first()
    pages = [
        ("home", "/"),
        ("filtered list", "/moties/?status=aangenomen&status=in_uitvoering&ministry=JenV&overdue=true"),
        ("search", "/moties/?q=terugkeer+onderzoek"),
        ("motion page", item_url(motion)),
    ]
    with production_server(url, args.workers, log) as base:
        log(f"{args.clients} clients for {args.seconds:.0f} s on {base} ...")
        results, elapsed = asyncio.run(run_load(base, pages, args.clients, args.seconds))
    log(f"\n{'page':<14} {'requests':>8} {'req/s':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'errors':>6}")
    every = []
    for name, r in results.items():
        every += r["latency"]
        ms = [percentile(r["latency"], q) * 1000 for q in (0.5, 0.95, 0.99)]
        log(f"{name:<14} {len(r['latency']):>8} {len(r['latency']) / elapsed:>7.1f} {ms[0]:>5.0f} ms "
            f"{ms[1]:>5.0f} ms {ms[2]:>5.0f} ms {r['errors']:>6}")
    errors = sum(r["errors"] for r in results.values())
    ms = [percentile(every, q) * 1000 for q in (0.5, 0.95, 0.99)]
    log(f"{'total':<14} {len(every):>8} {len(every) / elapsed:>7.1f} {ms[0]:>5.0f} ms {ms[1]:>5.0f} ms "
        f"{ms[2]:>5.0f} ms {errors:>6}")
    if every:
        log(f"mean {statistics.mean(every) * 1000:.0f} ms over {elapsed:.1f} s")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
