"""Celery's time limits free a worker from a hung task: the nightly import against an OData service that
accepts the connection and never answers (the HTTP client would wait 60 s per try) is stopped at its soft
limit, the import round is recorded as finished, and the same worker then takes the next task. A real
prefork worker (the pool production runs) on the real Redis, the test PostgreSQL database, a real socket."""

import os
import socket
import threading

import pytest

from tests.notifications.support import SmtpServer, WorkerProcess, free_port, process_env, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never sends a byte."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        for conn in self.accepted:
            conn.close()
        self.sock.close()


def test_a_hung_nightly_import_is_stopped_at_its_time_limit_and_frees_the_worker(transactional_db, tmp_path):
    import redis

    from tkimport.models import ImportRun
    from tracker.celery import app

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    silent = SilentServer()
    env = {
        **process_env(SmtpServer(free_port()), os.environ["REDIS_URL"]),
        "KT_TK_ODATA_URL": f"http://127.0.0.1:{silent.port}/OData/v4/2.0/",
        "KT_TK_IMPORT_SOFT_TIME_LIMIT": "3",
        "KT_TK_IMPORT_TIME_LIMIT": "8",
    }
    worker = WorkerProcess(env, tmp_path / "worker.log", pool="prefork").start()
    try:
        # As beat does at 03:30. A sender that knows the task would put its own settings' limits in the
        # message (beat's are the worker's); None leaves them to the worker's settings, set above.
        app.send_task("tkimport.import_tk", soft_time_limit=None, time_limit=None)
        wait_for(lambda: silent.accepted, timeout=60, what="the import to connect to the silent server")
        wait_for(
            lambda: ImportRun.objects.filter(finished_at__isnull=False).exists(),
            timeout=60,
            what="the import round to be stopped and recorded",
        )
        log = worker.log.read_text()
        assert "SoftTimeLimitExceeded" in log or "Soft time limit (3" in log, log[-3000:]
        worker.drain(timeout=30)  # the same worker takes the next task: it is not held by the hung one
    finally:
        worker.stop()
        silent.close()
