"""Backup and restore as the README says: pg_dump -Fc of the (test) database, pg_restore into a fresh
database, then every table has the same number of rows and the same checksum of its contents."""

import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from letters.models import LetterStatus, LinkEffect
from motions.models import MotionStatus
from tests.factories import MinistryFactory, make_commitment, make_letter, make_motion, make_staff

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _tools_or_skip():
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("KT_REQUIRE_SERVICES") == "1":
            pytest.fail(f"KT_REQUIRE_SERVICES=1 but {', '.join(missing)} is not installed")
        pytest.skip(f"skipped: {', '.join(missing)} not installed (apt-get install postgresql-client)")


def _conninfo(name: str) -> dict:
    db = connection.settings_dict
    return {
        "dbname": name,
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or None,
        "host": db["HOST"] or "127.0.0.1",
        "port": str(db["PORT"] or 5432),
    }


def _libpq_env(name: str) -> dict:
    info = _conninfo(name)
    env = {**os.environ, "PGDATABASE": name, "PGUSER": info["user"], "PGHOST": info["host"], "PGPORT": info["port"]}
    if info["password"]:
        env["PGPASSWORD"] = info["password"]
    return env


def table_fingerprints(name: str) -> dict[str, tuple[int, str]]:
    """Per table in the public schema: (row count, md5 over its rows in a fixed order)."""
    with psycopg.connect(**{k: v for k, v in _conninfo(name).items() if v is not None}) as conn:
        tables = [
            row[0]
            for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        return {
            table: tuple(
                conn.execute(
                    f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t"
                ).fetchone()
            )
            for table in tables
        }


@pytest.fixture
def fresh_database():
    name = f"kt_restore_{uuid.uuid4().hex[:10]}"
    admin = {**{k: v for k, v in _conninfo("postgres").items() if v is not None}, "autocommit": True}
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_pg_dump_and_pg_restore_give_back_every_row(tmp_path, fresh_database):
    _tools_or_skip()
    a = MinistryFactory(abbreviation="BZK")
    make_staff("ambtenaar", a)
    motion = make_motion(ministry=a, status=MotionStatus.ADOPTED, text="Verzoekt de regering… ‘quotes’ en é")
    commitment = make_commitment(ministry=a, deadline_phrase="voor de zomer van 2030")
    make_letter(
        ministry=a,
        status=LetterStatus.SENT,
        links=[(motion, LinkEffect.SETTLES, ""), (commitment, LinkEffect.INFORMS, "")],
    )
    source = connection.settings_dict["NAME"]
    before = table_fingerprints(source)
    assert before["motions_motion"][0] == 1 and before["letters_letter"][0] == 1
    assert sum(count for count, _ in before.values()) > 20

    dump = tmp_path / "kamertracker.dump"
    subprocess.run(
        ["pg_dump", "-Fc", "--no-owner", "-f", str(dump)],
        env=_libpq_env(source),
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert dump.stat().st_size > 0
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", fresh_database, str(dump)],
        env=_libpq_env(fresh_database),
        check=True,
        capture_output=True,
        timeout=300,
    )

    after = table_fingerprints(fresh_database)
    assert after == before
