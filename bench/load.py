"""Load test: gunicorn with the production settings (and the deployment's gunicorn.conf.py) on PostgreSQL
with benchmark data, and a load generator on loopback only: --clients concurrent clients (50) for
--seconds (60) over the home page, a filtered motion list, a full-text search and a motion page. Prints
requests/s, p50/p95/p99 latency and errors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kamertracker .venv/bin/python bench/load.py

The data goes into ``<name>_bench`` (the same throwaway database as bench/public_pages.py; --keep reuses
it and its data). Options: --motions N --commitments N --letters N --workers N --clients N --seconds N.

The load generator is wrk (Debian's package `wrk`; bench/wrk_pages.lua) when it is installed: a C
program, so the two shared CPUs go to the server rather than to the client. --generator httpx uses the
Python client instead (asyncio, one connection per client; it costs the machine far more per request,
and prints the figures per page).

--staff-every N (always with httpx): every N-th request of each client is a staff status change through
the API (a token of a JenV staff member; each client toggles its own motion between ingediend and
aangehouden), followed at once by a public read of that motion's page, which must show the new status; a
page that does not is counted under "stale" and fails the run like an error.
"""

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
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


async def run_load(base: str, pages: list[tuple[str, str]], clients: int, seconds: float, staff: dict | None = None):
    import logging

    import httpx

    logging.getLogger("httpx").setLevel(logging.WARNING)
    results = {name: {"latency": [], "errors": 0} for name, _ in pages}
    if staff:
        results |= {"staff change": {"latency": [], "errors": 0}, "read after": {"latency": [], "errors": 0}}
    stale = [0]
    reasons: dict = {}  # what went wrong: an HTTP status, or the client's exception
    deadline = time.monotonic() + seconds

    async def change(number: int, http: httpx.AsyncClient, sent: int):
        pk, url, status = staff["motions"][number]
        target = "aangehouden" if status == "ingediend" else "ingediend"
        started = time.perf_counter()
        try:
            response = await http.post(
                f"/api/v1/motions/{pk}/transition/",
                json={"to": target, "reason": f"bench {sent}"},
                headers={"Authorization": f"Token {staff['token']}"},
            )
            ok = response.status_code == 200 and response.json()["status"] == target
            outcome = "200 without the new status" if response.status_code == 200 else response
        except httpx.HTTPError as exc:
            ok, outcome = False, exc
        record("staff change", started, ok, outcome)
        if not ok:
            return
        staff["motions"][number] = (pk, url, target)
        response = await timed_get(http, "read after", url)
        if response is not None and f"status-{target}" not in response.text:
            stale[0] += 1

    def record(name, started, ok, outcome=None):
        if ok:
            results[name]["latency"].append(time.perf_counter() - started)
        else:
            results[name]["errors"] += 1
            if isinstance(outcome, str):
                why = outcome
            else:
                why = getattr(outcome, "status_code", None) or f"{type(outcome).__name__}: {outcome}"[:120]
            reasons[why] = reasons.get(why, 0) + 1

    async def timed_get(http: httpx.AsyncClient, name: str, path: str):
        """GET ``path``, counted under ``name``; the response when it was a 200, else None."""
        started = time.perf_counter()
        try:
            response = await http.get(path)
        except httpx.HTTPError as exc:
            response, failure = None, exc
        ok = response is not None and response.status_code == 200
        record(name, started, ok, response if response is not None else failure)
        return response if ok else None

    async def client(number: int, http: httpx.AsyncClient):
        i = number
        sent = 0
        while time.monotonic() < deadline:
            sent += 1
            if staff and sent % staff["every"] == 0:
                await change(number, http, sent)
                continue
            name, path = pages[i % len(pages)]
            i += 1
            await timed_get(http, name, path)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=HEADERS, limits=limits, timeout=30) as http:
        # Not counted: every worker's first requests (imports, templates, connections) and the first fill of
        # the cache, so the figures are of a running site.
        await asyncio.gather(*(http.get(path) for _round in range(3) for _name, path in pages))
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        await asyncio.gather(*(client(n, http) for n in range(clients)))
        elapsed = time.monotonic() - started
    return results, elapsed, stale[0], reasons


def run_wrk(base: str, pages: list[tuple[str, str]], clients: int, seconds: float) -> dict:
    """The read load through wrk (bench/wrk_pages.lua: each connection takes the pages in turn), after the
    same warm-up as the Python client; its figures, and the CPU seconds wrk itself used."""
    import logging
    import resource

    import httpx

    logging.getLogger("httpx").setLevel(logging.WARNING)
    paths = [path for _name, path in pages]
    with httpx.Client(base_url=base, headers=HEADERS) as http:  # warm-up, not counted; every page a 200
        for path in paths * 3:
            assert http.get(path).status_code == 200, path
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    threads = str(min(clients, 2))
    command = ["wrk", "-t", threads, "-c", str(clients), "-d", f"{seconds:.0f}s", "--timeout", "10s"]
    command += ["-s", str(ROOT / "bench" / "wrk_pages.lua"), base, "--", *paths]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    figures = {key: int(value) for key, value in (item.split("=") for item in line.split()[1:])}
    figures["elapsed"] = figures["duration_us"] / 1e6
    figures["errors"] = sum(figures[key] for key in ("connect", "read", "write", "status", "timeout"))
    figures["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return figures


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


def staff_setup(clients: int, every: int) -> dict:
    """A JenV staff member with an API token, and one motion (ingediend, JenV) per client to toggle."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from rest_framework.authtoken.models import Token

    from core.models import Ministry, StaffProfile
    from motions.models import Motion
    from public.kinds import item_url

    jenv = Ministry.objects.get(abbreviation="JenV")
    user, created = get_user_model().objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    if created:
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="motions"))
        StaffProfile.objects.create(user=user, ministry=jenv)
    token, _ = Token.objects.get_or_create(user=user)
    motions = list(
        Motion.objects.filter(ministry=jenv, status__in=["ingediend", "aangehouden"]).order_by("id")[:clients]
    )
    return {"token": token.key, "every": every, "motions": [(m.pk, item_url(m), m.status) for m in motions]}


def report_wrk(figures: dict) -> None:
    ms = [figures[key] / 1000 for key in ("p50_us", "p95_us", "p99_us")]
    log(f"\n{'page':<14} {'requests':>8} {'req/s':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'errors':>6}")
    log(
        f"{'all four':<14} {figures['requests']:>8} {figures['requests'] / figures['elapsed']:>7.1f} "
        f"{ms[0]:>5.0f} ms {ms[1]:>5.0f} ms {ms[2]:>5.0f} ms {figures['errors']:>6}"
    )
    log(
        f"mean {figures['mean_us'] / 1000:.0f} ms over {figures['elapsed']:.1f} s; errors: {figures['connect']} "
        f"connect, {figures['read']} read, {figures['write']} write, {figures['timeout']} timeout, "
        f"{figures['status']} HTTP 4xx/5xx; wrk itself used {figures['cpu']:.0f} CPU seconds (on the same "
        f"machine); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    sys.exit(1 if figures["errors"] else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, default in SIZES.items():
        parser.add_argument(f"--{name}", type=int, default=default, help=f"{name} to load (default {default:,})")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="reuse the bench database and its data")
    parser.add_argument(
        "--generator",
        choices=["wrk", "httpx"],
        default="wrk" if shutil.which("wrk") else "httpx",
        help="the load generator of the read run (default: wrk when installed)",
    )
    parser.add_argument(
        "--staff-every",
        type=int,
        default=0,
        help="every N-th request a staff status change through the API, then a public read",
    )
    args = parser.parse_args()
    url = with_bench_data(args)
    staff = staff_setup(args.clients, args.staff_every) if args.staff_every else None
    from motions.models import Motion
    from public.kinds import item_url

    motion = Motion.objects.filter(letter_links__isnull=False).order_by("id").first()
    pages = [
        ("home", "/"),
        ("filtered list", "/moties/?status=aangenomen&status=in_uitvoering&ministry=JenV&overdue=true"),
        ("search", "/moties/?q=terugkeer+onderzoek"),
        ("motion page", item_url(motion)),
    ]
    generator = "httpx" if staff else args.generator
    with production_server(url, args.workers, log) as base:
        log(f"{args.clients} clients for {args.seconds:.0f} s on {base} (load generator: {generator}) ...")
        if generator == "wrk":
            figures = run_wrk(base, pages, args.clients, args.seconds)
        else:
            results, elapsed, stale, reasons = asyncio.run(run_load(base, pages, args.clients, args.seconds, staff))
    if generator == "wrk":
        report_wrk(figures)
        return
    log(f"\n{'page':<14} {'requests':>8} {'req/s':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'errors':>6}")
    every = []
    for name, r in results.items():
        every += r["latency"]
        ms = [percentile(r["latency"], q) * 1000 for q in (0.5, 0.95, 0.99)]
        log(
            f"{name:<14} {len(r['latency']):>8} {len(r['latency']) / elapsed:>7.1f} {ms[0]:>5.0f} ms "
            f"{ms[1]:>5.0f} ms {ms[2]:>5.0f} ms {r['errors']:>6}"
        )
    errors = sum(r["errors"] for r in results.values())
    ms = [percentile(every, q) * 1000 for q in (0.5, 0.95, 0.99)]
    log(
        f"{'total':<14} {len(every):>8} {len(every) / elapsed:>7.1f} {ms[0]:>5.0f} ms {ms[1]:>5.0f} ms "
        f"{ms[2]:>5.0f} ms {errors:>6}"
    )
    if every:
        import resource

        cpu = resource.getrusage(resource.RUSAGE_SELF)
        log(
            f"mean {statistics.mean(every) * 1000:.0f} ms over {elapsed:.1f} s; the load generator itself used "
            f"{cpu.ru_utime + cpu.ru_stime:.0f} CPU seconds (on the same machine); load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
    for why, count in sorted(reasons.items(), key=str):
        log(f"error: {why} ({count}x)")
    if staff:
        changes = len(results["staff change"]["latency"])
        log(f"staff changes: {changes}; public reads right after that missed the change (stale): {stale}")
    sys.exit(1 if errors or stale else 0)


if __name__ == "__main__":
    main()
