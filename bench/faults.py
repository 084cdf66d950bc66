"""Fault drill: PostgreSQL goes away while the app runs, and comes back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kamertracker .venv/bin/python bench/faults.py

Runs gunicorn with the production settings on loopback against the ``<name>_bench`` database (made and
migrated if missing) through a small TCP relay on 127.0.0.1. "Stopping PostgreSQL" closes the relay and
every connection through it, which is what the app sees when the server stops, without stopping a
PostgreSQL server other people use. Checks: before, pages answer 200; while down, a clear 503 page with
Retry-After and no stack trace; after, 200 again within --recover seconds. Exit code 1 if a check fails.
"""

import argparse
import os
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import bench_database  # noqa: E402
from serve import HEADERS, HOST, free_port, production_server  # noqa: E402

PAGES = ["/", "/moties/", "/api/v1/motions/"]


class Relay:
    """TCP relay 127.0.0.1:port -> target; stop() closes the listener and every open connection."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, free_port()
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.listener = None

    def start(self):
        self.listener = socket.create_server((HOST, self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self):
        with self.lock:
            for s in [self.listener, *self.sockets]:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
            self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
                upstream = socket.create_connection(self.target)
            except OSError:
                return
            with self.lock:
                self.sockets |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def check_pages(base, expect_status, log) -> bool:
    import httpx

    ok = True
    for path in PAGES:
        try:
            r = httpx.get(base + path, headers=HEADERS, timeout=30)
        except httpx.HTTPError as exc:
            log(f"  {path}: {exc.__class__.__name__}")
            ok = False
            continue
        body = r.text
        good = r.status_code == expect_status and "Traceback" not in body
        if expect_status == 503:
            good = good and r.headers.get("Retry-After") and "tijdelijk niet beschikbaar" in body
        log(
            f"  {path}: {r.status_code}{' Retry-After ' + r.headers['Retry-After'] if 'Retry-After' in r.headers else ''}"
            f" {'ok' if good else 'UNEXPECTED'}"
        )
        ok = ok and bool(good)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--down", type=float, default=5, help="seconds PostgreSQL stays away")
    parser.add_argument("--recover", type=float, default=15, help="seconds the app may take to recover")
    parser.add_argument("--verbose", action="store_true", help="show the server's log (a traceback per 503)")
    args = parser.parse_args()
    url, _ = bench_database(os.environ.get("DATABASE_URL", ""), keep=True)
    parsed = urlparse(url)
    relay = Relay((parsed.hostname or HOST, parsed.port or 5432))
    relay.start()
    netloc = f"{parsed.username}{':' + parsed.password if parsed.password else ''}@{HOST}:{relay.port}"
    relayed = urlunparse(parsed._replace(netloc=netloc))

    def log(msg):
        print(msg, flush=True)

    results = []
    with production_server(relayed, 2, log, quiet=not args.verbose) as base:
        log("PostgreSQL up:")
        results.append(check_pages(base, 200, log))
        relay.stop()
        log(f"PostgreSQL stopped (relay closed) for {args.down:.0f} s:")
        results.append(check_pages(base, 503, log))
        time.sleep(args.down)
        results.append(check_pages(base, 503, log))
        relay.start()
        log("PostgreSQL back:")
        deadline, recovered = time.monotonic() + args.recover, False
        while time.monotonic() < deadline and not recovered:
            recovered = check_pages(base, 200, lambda _msg: None)
            if not recovered:
                time.sleep(1)
        results.append(recovered and check_pages(base, 200, log))
        relay.stop()
    log("all checks passed" if all(results) else "SOME CHECKS FAILED")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
