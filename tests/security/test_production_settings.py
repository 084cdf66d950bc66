"""Production settings (tracker/settings/production.py), run for real in subprocesses: the deploy check
passes with no warnings, start-up refuses without secrets, and responses carry the security headers and a
Content Security Policy that every inline <script>/<style> on the page satisfies (nonce)."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KT_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/kt_unused",
            "DJANGO_ALLOWED_HOSTS": "kamertracker.example.nl",
        }
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run(args: list[str], env: dict, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_deploy_check_passes_without_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?: (" not in output


@pytest.mark.parametrize(
    "missing, message",
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY is not set"),
        ("DATABASE_URL", "DATABASE_URL is not set"),
    ],
)
def test_start_up_refuses_without_a_secret(missing, message):
    result = run(["manage.py", "check"], production_env(**{missing: None}))
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


PROBE = r"""
import json, re, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client

def inline_problems(html, nonce):
    problems = []
    for tag, attrs in re.findall(r"<(script|style)\b([^>]*)>", html, re.I):
        if tag.lower() == "script" and "src=" in attrs:
            continue
        if f'nonce="{nonce}"' not in attrs:
            problems.append(f"<{tag}{attrs}> without the nonce")
    problems += [f"attribute {m}" for m in re.findall(r"<[^>]*\s(style|on[a-z]+)=", html, re.I)]
    return problems

out = {}
client = Client(HTTP_HOST="kamertracker.example.nl")
def probe(path):
    r = client.get(path, secure=True)
    csp = r.get("Content-Security-Policy", "")
    nonce = (re.search(r"'nonce-([^']+)'", csp) or [None, ""])[1]
    body = b"".join(r.streaming_content) if r.streaming else r.content
    html = body.decode("utf-8", "replace") if "html" in r.get("Content-Type", "") else ""
    out[path] = {"status": r.status_code, "headers": dict(r.headers), "problems": inline_problems(html, nonce)}

for path in sys.argv[1].split(","):
    probe(path)
insecure = client.get("/")
out["insecure"] = {"status": insecure.status_code, "location": insecure.get("Location", "")}
client.force_login(get_user_model().objects.get(username="root"))
for path in sys.argv[2].split(","):
    probe(path)
print(json.dumps(out))
"""


@pytest.mark.postgres
@pytest.mark.slow  # ~9 s: collectstatic
@pytest.mark.django_db(transaction=True)
def test_responses_carry_security_headers_and_csp(tmp_path, django_user_model):
    from django.db import connection
    from django.urls import reverse

    from tests.factories import MinistryFactory, make_motion

    ministry = MinistryFactory(abbreviation="BZK")
    make_motion(ministry=ministry)
    django_user_model.objects.create_superuser("root", "root@example.org", "a-long-root-password")
    db = connection.settings_dict
    env = production_env(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        REDIS_URL=None,
        CACHE_URL=None,
    )
    collected = run(["manage.py", "collectstatic", "--noinput", "-v0"], env, timeout=300)
    assert collected.returncode == 0, collected.stderr
    public = [
        "/",
        "/moties/",
        "/toezeggingen/",
        "/brieven/",
        "/api/docs/",
        "/api/v1/motions/",
        "/admin/login/",
        "/volgen/",
        "/static/public/site.css",
    ]
    staff = ["/admin/", "/admin/motions/motion/", reverse("admin:exports_overview_download", args=["BZK", "html"])]
    result = run(["-c", PROBE, ",".join(public), ",".join(staff)], env)
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout.strip().splitlines()[-1])

    assert pages.pop("insecure") == {"status": 301, "location": "https://kamertracker.example.nl/"}
    for path, page in pages.items():
        headers = page["headers"]
        assert page["status"] == 200, (path, page["status"])
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
        if not path.startswith("/static/"):  # WhiteNoise answers before the clickjacking middleware
            assert headers["X-Frame-Options"] == "DENY", path
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert page["problems"] == [], (path, page["problems"])
    assert re.search(r"script-src 'self' 'nonce-[^']+'", pages["/api/docs/"]["headers"]["Content-Security-Policy"])


UNREACHABLE = r"""
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="kamertracker.example.nl", raise_request_exception=False)
for path in ("/", "/moties/", "/api/v1/motions/", "/brieven/"):
    r = client.get(path, secure=True)
    print(path, r.status_code, r.get("Retry-After"), "default-src 'self'" in r.get("Content-Security-Policy", ""),
          "Traceback" in r.content.decode(), "tijdelijk niet beschikbaar" in r.content.decode())
"""


def test_an_unreachable_database_answers_503_not_a_stack_trace(tmp_path):
    env = production_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:9/kamertracker",  # nothing listens on 9
        DJANGO_STATIC_ROOT=str(tmp_path),
        REDIS_URL=None,
        CACHE_URL=None,
    )
    result = run(["-c", UNREACHABLE], env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines == [f"{path} 503 30 True False True" for path in ("/", "/moties/", "/api/v1/motions/", "/brieven/")]
    assert '"logger": "kamertracker.errors"' in result.stderr and '"level": "ERROR"' in result.stderr  # JSON logs
