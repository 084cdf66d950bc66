"""The outbox with a real Celery worker on the real Redis, sending to a real SMTP server. The tests wait
on events (the worker's "ready" and task lines, the SMTP server's hang, row states), never on a fixed
sleep: a busy machine makes them slower, not flaky."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from notifications import services
from notifications.models import OutboxMessage, OutboxState
from tests.notifications.support import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]


def _state(pk):
    return OutboxMessage.objects.get(pk=pk).state


def _beat_until(pk, state, timeout=40):
    """Do what beat does every minute (queue due rows), until the row reaches ``state``."""

    def check():
        services.claim_due()
        return _state(pk) == state

    wait_for(check, timeout=timeout, interval=0.5, what=f"outbox row {pk} to become {state}")


def test_sent_once_through_the_worker(worker, smtp):
    smtp.start()
    w = worker()
    msg = services.enqueue(
        key="w:1",
        to="a@example.org",
        subject="Hallo",
        text="Tekst",
        html="<p>Tekst</p>",
        headers={"List-Unsubscribe": "<https://kt.example/u/1>"},
    )
    assert services.enqueue(key="w:1", to="a@example.org", subject="Hallo", text="Tekst") is None
    wait_for(lambda: _state(msg.pk) == OutboxState.SENT, what="the message to be sent")
    assert services.claim_due() == []  # a later beat run finds nothing to do
    w.drain()
    assert len(smtp.messages) == 1
    sent = smtp.messages[0]
    assert sent["List-Unsubscribe"] == "<https://kt.example/u/1>"
    assert sent["Message-ID"].strip() == services.message_id_for("w:1")
    assert sent.is_multipart(), "plain text and HTML"


def test_smtp_down_then_up_is_retried_with_backoff(worker, smtp):
    worker()
    msg = services.enqueue(key="w:down", to="a@example.org", subject="Hallo", text="Tekst")
    wait_for(
        lambda: OutboxMessage.objects.get(pk=msg.pk).attempts >= 1 and _state(msg.pk) == OutboxState.PENDING,
        what="a failed first attempt",
    )
    row = OutboxMessage.objects.get(pk=msg.pk)
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at is not None, "the retry is scheduled on the row, not as an ETA task"

    def beat_and_count():
        services.claim_due()
        return OutboxMessage.objects.get(pk=msg.pk).attempts >= 2

    wait_for(beat_and_count, what="a second attempt (SMTP still down)", interval=0.5)
    assert _state(msg.pk) == OutboxState.PENDING
    smtp.start()
    _beat_until(msg.pk, OutboxState.SENT)
    row.refresh_from_db()
    assert row.attempts >= 3 and row.last_error == "" and row.sent_at
    assert len(smtp.messages) == 1


def test_refused_recipient_is_failed_with_its_error_and_shown_in_admin(worker, smtp, client):
    smtp.handler.refuse.add("nobody@example.org")
    smtp.start()
    w = worker()
    msg = services.enqueue(key="w:refused", to="nobody@example.org", subject="Hallo", text="Tekst")
    wait_for(lambda: _state(msg.pk) == OutboxState.FAILED, what="the refused message to be failed")
    row = OutboxMessage.objects.get(pk=msg.pk)
    assert row.attempts == 1, "a permanent failure is not retried"
    assert "550" in row.last_error and "nobody@example.org" in row.last_error
    assert services.claim_due() == []
    w.drain()
    assert OutboxMessage.objects.get(pk=msg.pk).attempts == 1
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    page = client.get("/admin/notifications/outboxmessage/?state__exact=failed")
    assert page.status_code == 200
    html = page.content.decode()
    assert "nobody@example.org" in html and "550" in html and "User unknown" in html
    detail = client.get(f"/admin/notifications/outboxmessage/{row.pk}/change/")
    assert detail.status_code == 200 and "User unknown" in detail.content.decode()


def test_worker_killed_mid_send_does_not_lose_the_mail(worker, smtp):
    smtp.handler.hang_next = True
    smtp.start()
    first = worker()
    msg = services.enqueue(key="w:killed", to="a@example.org", subject="Hallo", text="Tekst")
    assert smtp.handler.hanging.wait(30), "the worker reached the SMTP DATA phase"
    claimed = OutboxMessage.objects.get(pk=msg.pk)
    assert (claimed.state, claimed.attempts) == (OutboxState.SENDING, 1)
    first.kill()
    smtp.handler.release.set()
    assert _state(msg.pk) == OutboxState.SENDING, "the killed worker left the row claimed"
    # The lease, checked at a moment of our choosing rather than against the clock (a worker start on a
    # busy machine can outlast the 3 s timeout): just before it runs out, beat's flush leaves the row alone.
    lease_end = claimed.claimed_at + services.sending_timeout()
    assert services.claim_due(now=lease_end - timedelta(milliseconds=500)) == []
    assert _state(msg.pk) == OutboxState.SENDING, "not taken over before the sending timeout"
    second = worker()
    # Beat's flush takes the row over once (the real lease ran out); then no more flushes, so a slow send
    # cannot be taken over a second time and the attempts count stays exact.
    wait_for(
        lambda: msg.pk in services.claim_due(),
        timeout=40,
        interval=0.2,
        what="the flush to take the row over after the sending timeout",
    )
    wait_for(lambda: _state(msg.pk) == OutboxState.SENT, timeout=40, what="the new worker to send it")
    row = OutboxMessage.objects.get(pk=msg.pk)
    assert row.attempts == 2
    second.drain()
    assert len(smtp.messages) == 1, "sent by the later attempt, and only once"
