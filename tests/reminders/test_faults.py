"""Fault drill for the reminders (issue 8): during a sweep's sending, one worker is killed and Redis is
killed and restarted empty (no persistence: every queued task is lost). Every reminder must still be
sent exactly once. Real processes throughout: ``manage.py send_reminders`` for the sweep, two
``celery worker`` processes, ``celery call notifications.flush_outbox`` for what beat does every
minute, a private ``redis-server`` (the shared one is left alone), PostgreSQL, an SMTP server."""

import subprocess
import sys
import time
from collections import Counter

import pytest

from notifications.models import OutboxMessage, OutboxState
from notifications.services import message_id_for
from tests.factories import MinistryFactory
from tests.notifications.support import ROOT, WorkerProcess, process_env, wait_for
from tests.reminders.test_sweep import TODAY, _commitment

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]

REMINDERS = 12
HANG_AT = 5  # the 5th mail hangs in the SMTP dialogue, before DATA: its worker is killed there


def _run(env, *args, timeout=60):
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


def _open_rows():
    return OutboxMessage.objects.exclude(
        state__in=[OutboxState.SENT, OutboxState.FAILED, OutboxState.CANCELLED, OutboxState.SKIPPED]
    )


def test_killed_worker_and_redis_restart_during_a_sweep_send_every_reminder_once(
    transactional_db, smtp, fast_outbox, redis_server, tmp_path
):
    ministry = MinistryFactory(parliamentary_affairs_email="pz@jenv.example")
    items = [_commitment(7, ministry=ministry) for _ in range(REMINDERS)]
    smtp.handler.rcpt_delay = 0.2
    smtp.handler.hang_at_rcpt = HANG_AT
    smtp.start()
    env = process_env(smtp, redis_server.url)
    first = WorkerProcess(env, tmp_path / "worker1.log").start()

    out = _run(env, "manage.py", "send_reminders", f"--now={TODAY.isoformat()}")
    rows = list(OutboxMessage.objects.all())
    assert len([r for r in rows if r.item_id in {c.pk for c in items}]) == REMINDERS, out
    assert len(rows) == REMINDERS + 1  # and the weekly digest: TODAY is a Monday

    # Mid-batch: the first worker hangs in its 5th mail, the rest of the tasks wait in Redis.
    assert smtp.handler.hanging.wait(60), "no mail reached the hanging point"
    assert len(smtp.messages) == HANG_AT - 1
    second = WorkerProcess(env, tmp_path / "worker2.log").start()
    wait_for(lambda: len(smtp.messages) >= HANG_AT + 1, timeout=30, what="the second worker to send")

    first.kill()
    redis_server.kill()
    smtp.handler.release.set()
    time.sleep(1)
    redis_server.start()
    assert redis_server.client().dbsize() == 0  # every queued task is gone
    sent_before_restart = len(smtp.messages)
    assert _open_rows().exists(), "the drill came too late: nothing was left to lose"

    # Beat's job, every minute in production: re-queue what is due (leases ran out after 3 s).
    deadline = time.monotonic() + 90
    while _open_rows().exists() and time.monotonic() < deadline:
        _run(env, "-m", "celery", "-A", "tracker", "call", "notifications.flush_outbox")
        time.sleep(2)
    assert not _open_rows().exists(), list(_open_rows().values("pk", "state", "attempts", "last_error"))
    _run(env, "-m", "celery", "-A", "tracker", "call", "notifications.flush_outbox")  # and once more
    second.drain(broker_url=redis_server.url)  # it has handled that flush: a duplicate would be here now

    assert second.proc.poll() is None, "the second worker died with Redis"
    assert "Connection to broker lost" in (tmp_path / "worker2.log").read_text()
    assert len(smtp.messages) > sent_before_restart  # the surviving worker sent after the restart
    delivered = Counter(m["Message-ID"].strip() for m in smtp.messages)
    expected = {message_id_for(r.dedup_key) for r in rows}
    assert set(delivered) == expected and set(delivered.values()) == {1}, delivered
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}
    hung = OutboxMessage.objects.filter(attempts__gt=1)
    assert hung.exists()  # the mail the killed worker held was tried again, and sent once
    second.stop()
