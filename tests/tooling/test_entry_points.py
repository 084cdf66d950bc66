"""Settings chosen by the entry points, and e-mail to files at the path as written. Each case runs in a
fresh Python process, as a server or a command would start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, env: dict, cwd=ROOT) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**base, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ["tracker.wsgi", "tracker.asgi"])
def test_wsgi_and_asgi_default_to_the_production_settings(module, tmp_path):
    refused = _python(f"import {module}", {})
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY is not set: production refuses" in refused.stderr
    started = _python(
        f"import {module}; from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)",
        {"DJANGO_SECRET_KEY": "x" * 50, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert started.returncode == 0, started.stderr[-2000:]
    assert started.stdout.split()[-2:] == ["tracker.settings.production", "False"]


def test_filemail_with_three_slashes_writes_to_that_absolute_path(tmp_path):
    mail_dir, elsewhere = tmp_path / "mail", tmp_path / "cwd"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "sendtestemail", "test@example.org"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tracker.settings.dev",
            "EMAIL_URL": f"filemail://{mail_dir}",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}",
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    written = list(mail_dir.glob("*.log"))
    assert len(written) == 1 and "To: test@example.org" in written[0].read_text()
    assert not any(elsewhere.rglob("*")), "nothing relative to the working directory"
