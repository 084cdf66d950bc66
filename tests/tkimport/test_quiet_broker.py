"""On a fresh clone (embedded defaults: SQLite and the filesystem broker in var/, no folders made yet),
`load_demo` and `import_tk` print no traceback; with a broker that is really away, each run says so
in one warning line. Run as the commands run: ``manage.py`` in a subprocess with its own var/."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.notifications.support import free_port
from tests.tkimport.support import CORPUS

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def manage(var: Path, *args: str, redis: str | None = None) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"KT_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "tracker.settings.dev"}
    if redis:
        env["REDIS_URL"] = redis
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    var = tmp_path_factory.mktemp("var")
    done = manage(var, "migrate", "--noinput", "-v0")
    assert done.returncode == 0, done.stderr
    return var / "kamertracker.sqlite3"


def fresh_var(tmp_path: Path, migrated: Path) -> Path:
    """A clone's var/ after `migrate`: the database, and no broker folders."""
    var = tmp_path / "var"
    var.mkdir()
    shutil.copy(migrated, var / migrated.name)
    return var


# Someone follows every list at once, so each run has alerts to hand to the broker.
FOLLOW = (
    "from alerts.models import Subscription as S\n"
    "for kind in ('moties', 'toezeggingen', 'brieven'):\n"
    "    S.objects.create(email=f'{kind}@example.org', kind=kind, query='', frequency='immediate', "
    "state='active')"
)


def test_a_fresh_clone_prints_no_traceback(tmp_path, migrated):
    var = fresh_var(tmp_path, migrated)
    assert not (var / "celery").exists()
    assert manage(var, "shell", "-c", FOLLOW).returncode == 0
    for args in (["load_demo"], ["import_tk", "--from-dir", str(CORPUS / "kamerbrieven")]):
        done = manage(var, *args)
        output = done.stdout + done.stderr
        assert done.returncode == 0, output
        assert "Traceback" not in output and "broker unavailable" not in output, output
    # The alerts were handed to the (embedded) broker: its folders were made for them.
    assert len(list((var / "celery" / "queue").iterdir())) > 5


def test_a_broker_that_is_away_is_one_warning_line_per_run(tmp_path, migrated):
    var = fresh_var(tmp_path, migrated)
    away = f"redis://127.0.0.1:{free_port()}/0"
    assert manage(var, "shell", "-c", FOLLOW, redis=away).returncode == 0
    for args in (["load_demo"], ["import_tk", "--from-dir", str(CORPUS / "kamerbrieven")]):
        done = manage(var, *args, redis=away)
        output = done.stdout + done.stderr
        assert done.returncode == 0, output
        assert "Traceback" not in output, output
        lines = [line for line in output.splitlines() if "broker" in line.lower()]
        assert len(lines) == 1 and "broker unavailable" in lines[0], output
    assert "letters_sent: 1" in done.stdout  # the import did its work; the alert waits for the sweep
