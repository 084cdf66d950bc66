"""Shared by the bench scripts: a throw-away database beside the one DATABASE_URL names, so a
benchmark never touches real data."""

import sys
from urllib.parse import urlparse, urlunparse


def bench_database(url: str, keep: bool = False, suffix: str = "_bench") -> tuple[str, bool]:
    """Return (url of ``<name><suffix>``, whether existing data was kept). The database is dropped and
    created anew unless ``keep`` is set and it exists."""
    import psycopg

    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        sys.exit(
            f"{sys.argv[0]} needs DATABASE_URL pointing at PostgreSQL, e.g. "
            "postgres://postgres@127.0.0.1:5432/kamertracker"
        )
    name = parsed.path.lstrip("/") + suffix
    admin = urlunparse(parsed._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not keep:
            conn.execute(f'DROP DATABASE "{name}"')
        if not exists or not keep:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}")), bool(exists and keep)
