"""A real Celery worker (subprocess, real Redis, the test PostgreSQL database) and a real SMTP server
(aiosmtpd, in this process) for the outbox and reminder tests. Import the fixtures into a conftest."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest


def _import_aiosmtpd_controller():
    """aiosmtpd needs PyPI's ``atpublic`` (module ``public``), which the project's own ``public`` app
    shadows on the path. Import aiosmtpd with atpublic in place, then put the app back."""
    import importlib.util
    import site

    app_module = sys.modules.pop("public", None)
    try:
        for base in [*site.getsitepackages(), site.getusersitepackages()]:
            init = Path(base) / "public" / "__init__.py"
            if init.exists():
                spec = importlib.util.spec_from_file_location(
                    "public", init, submodule_search_locations=[str(init.parent)]
                )
                module = importlib.util.module_from_spec(spec)
                sys.modules["public"] = module
                spec.loader.exec_module(module)
                break
        from aiosmtpd.controller import Controller
    finally:
        sys.modules.pop("public", None)
        if app_module is not None:
            sys.modules["public"] = app_module
    return Controller


Controller = _import_aiosmtpd_controller()

ROOT = Path(__file__).resolve().parents[2]
# Short timings for the worker and the test process alike: retries after ~1-2 s, a row left
# "sending" by a killed worker is taken over after 3 s.
FAST = {"KT_OUTBOX_RETRY_BASE": "1", "KT_OUTBOX_RETRY_MAX": "2", "KT_OUTBOX_SENDING_TIMEOUT": "3"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 30, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class RecordingHandler:
    """Accepts mail and keeps it; refuses listed recipients with 550; can hang in DATA once, or at the
    n-th recipient (``hang_at_rcpt``: before DATA, so nothing is delivered); ``rcpt_delay`` slows every
    mail down so a test can act while a batch is being sent."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.refuse: set[str] = set()
        self.hang_next = False
        self.hang_at_rcpt: int | None = None
        self.rcpt_delay = 0.0
        self.rcpt_count = 0
        self.hanging = threading.Event()
        self.release = threading.Event()

    async def _hang(self):
        self.hanging.set()
        while not self.release.is_set():
            await asyncio.sleep(0.05)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_count += 1
        if self.rcpt_count == self.hang_at_rcpt:
            await self._hang()
            return "451 4.3.0 Try again later"  # the client is gone: nothing was delivered
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        if address in self.refuse:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hang_next:
            self.hang_next = False
            await self._hang()
            return "451 4.3.0 Transaction aborted"  # the client is gone: nothing was delivered
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 2.0.0 Ok: queued"


class SmtpServer:
    def __init__(self, port: int):
        self.port, self.handler, self.controller = port, RecordingHandler(), None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.handler.release.set()
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.handler.messages


@pytest.fixture
def smtp():
    """An SMTP server on a free port, NOT started: call ``smtp.start()`` (tests start it late to
    simulate SMTP being down)."""
    server = SmtpServer(free_port())
    yield server
    server.stop()


class WorkerProcess:
    """``pool``: "solo" (one process: a SIGKILL hits the task itself) or "prefork" (a child process runs the
    task; what production runs, and what Celery's time limits need)."""

    def __init__(self, env: dict, log: Path, pool: str = "solo"):
        self.env, self.log, self.proc, self.pool = env, log, None, pool

    def start(self):
        cmd = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tracker",
            "worker",
            "--pool",
            self.pool,
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"kt-test-{uuid.uuid4().hex[:8]}@%h",
        ]
        self._log = open(self.log, "a")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        wait_for(
            lambda: "ready." in self.log.read_text() or self.proc.poll() is not None,
            timeout=60,
            what="the Celery worker to be ready",
        )
        if self.proc.poll() is not None:
            raise AssertionError(f"Celery worker exited:\n{self.log.read_text()[-3000:]}")
        return self

    def drain(self, timeout: float = 30, broker_url: str | None = None):
        """Wait until this worker has handled every task queued before the call: a no-op task joins the
        back of the queue, and its "succeeded" line appears in the worker's log only after all before it
        (one queue, this worker its only consumer, one message at a time). The event to wait on instead
        of a fixed sleep before asserting that nothing more arrives (no duplicate, no late send)."""
        from tracker.celery import app

        with app.connection_for_write(broker_url) as connection:
            task_id = app.send_task("celery.accumulate", args=(0,), connection=connection).id
        wait_for(
            lambda: f"[{task_id}] succeeded" in self.log.read_text() or self.proc.poll() is not None,
            timeout=timeout,
            what="the worker to work through its queue",
        )
        assert self.proc.poll() is None, f"Celery worker exited:\n{self.log.read_text()[-3000:]}"

    def kill(self):
        """SIGKILL, as an out-of-memory kill or a pulled plug: no clean-up, no ack."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "_log", None):
            self._log.close()


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def fast_outbox(settings):
    for name, value in FAST.items():
        setattr(settings, name, int(value))
    return settings


def process_env(smtp: SmtpServer, redis_url: str) -> dict:
    """The environment of a worker, beat or management command process: the test database, the given
    Redis as broker, mail through ``smtp``, the short outbox timings."""
    env = {
        **os.environ,
        **FAST,
        "DJANGO_SETTINGS_MODULE": "tracker.settings.dev",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "EMAIL_TIMEOUT": "10",
        "KT_SITE_URL": "https://kt.example",
    }
    env.pop("EMAIL_BACKEND", None)
    env.pop("CELERY_BROKER_URL", None)
    return env


class RedisServer:
    """A Redis server of the test's own (``redis-server`` on a free port, no persistence), so a test
    can kill and restart it without touching the Redis that others use."""

    def __init__(self, workdir: Path):
        import shutil

        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.port, self.workdir, self.proc = free_port(), workdir, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._log = open(self.workdir / "redis.log", "a")
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def up():
            try:
                return self.client().ping()
            except Exception:  # noqa: BLE001 - not listening yet
                return False

        wait_for(up, timeout=15, what=f"redis-server on port {self.port}")
        return self

    def kill(self):
        """SIGKILL: what is queued in it is gone, as after a crash without persistence."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if getattr(self, "_log", None):
            self._log.close()


@pytest.fixture
def redis_server(tmp_path):
    """A private Redis server, started (see RedisServer). Needs the ``redis-server`` binary."""
    server = RedisServer(tmp_path / "redis")
    if not Path(server.binary).exists():
        message = "needs the redis-server binary (apt-get install redis-server)"
        if os.environ.get("KT_REQUIRE_SERVICES") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(f"skipped: {message}")
    yield server.start()
    server.kill()


@pytest.fixture
def worker(transactional_db, smtp, fast_outbox, tmp_path):
    """Factory for real Celery workers on the real Redis (REDIS_URL) that see the test database
    (committed data: the tests use ``transactional_db``) and send through ``smtp``."""
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()  # our own Redis db: no stale tasks
    env = process_env(smtp, os.environ["REDIS_URL"])
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        started.append(WorkerProcess(env, tmp_path / f"worker{len(started)}.log").start())
        return started[-1]

    yield start
    for proc in started:
        proc.stop()
