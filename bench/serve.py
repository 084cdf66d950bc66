"""Helper for bench/load.py and bench/faults.py: the app under gunicorn with the production settings,
on loopback only, stopped again when done (only the gunicorn process this started)."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front of gunicorn would send


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def production_env(database_url: str, static_root: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_STATIC_ROOT": static_root,
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "GUNICORN_ACCESS_LOG": "",
    }
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


@contextlib.contextmanager
def production_server(database_url: str, workers: int | None, log=print, quiet=False):
    """Yields the base URL of gunicorn serving the app on 127.0.0.1 (migrated, static files collected);
    ``quiet`` drops the server's own log (tracebacks of expected errors in a fault drill)."""
    with tempfile.TemporaryDirectory(prefix="kt-bench-") as static_root:
        env = production_env(database_url, static_root)
        log("migrate and collectstatic ...")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        # The deployment's own gunicorn.conf.py (threaded workers, keep-alive, its number of workers unless
        # ``workers`` is given); only the address and the log differ.
        count = ["-w", str(workers)] if workers else []
        log(f"gunicorn on {HOST}:{port} with {workers or 'gunicorn.conf.py: one per CPU'} workers ...")
        proc = subprocess.Popen(
            [str(gunicorn), "tracker.wsgi:application", *count, "-b", f"{HOST}:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL if quiet else None,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
                    break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start")
                time.sleep(0.2)
            yield f"http://{HOST}:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
