"""The outbox API: idempotent enqueue, on-commit queueing, error classification, claiming."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services
from notifications.models import OutboxMessage, OutboxState

pytestmark = pytest.mark.django_db


def _enqueue(key="k1", **kw):
    kw.setdefault("subject", "Onderwerp")
    return services.enqueue(key=key, to=kw.pop("to", "a@example.org"), text="Tekst", **kw)


def test_enqueue_is_idempotent_on_key(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = _enqueue(html="<p>x</p>", headers={"List-Unsubscribe": "<https://x/u>"})
        second = _enqueue(subject="anders")
    assert first is not None and first.pk and first.state == OutboxState.PENDING
    assert second is None
    assert OutboxMessage.objects.count() == 1
    assert len(callbacks) == 1, "one send task queued on commit, for the new row only"


def test_enqueue_refuses_bad_input():
    with pytest.raises(ValueError, match="recipient"):
        _enqueue(to="not-an-address")
    with pytest.raises(ValueError, match="key"):
        _enqueue(key="")


def test_deliver_sends_once_with_headers_and_stable_message_id():
    msg = _enqueue(html="<p>x</p>", headers={"List-Unsubscribe": "<https://x/u>"})
    assert services.deliver(msg.pk) == OutboxState.SENT
    assert services.deliver(msg.pk) == "", "a sent row is not sent again"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.extra_headers["List-Unsubscribe"] == "<https://x/u>"
    assert sent.extra_headers["Message-ID"] == services.message_id_for("k1")
    assert sent.alternatives[0][1] == "text/html"
    msg.refresh_from_db()
    assert msg.attempts == 1 and msg.sent_at is not None


@pytest.mark.parametrize(
    "exc,transient",
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPRecipientsRefused({"a@x": (450, b"mailbox busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@x": (550, b"no such user")}), False),
        (smtplib.SMTPSenderRefused(553, b"sender refused", "n@x"), False),
        (smtplib.SMTPDataError(421, b"try later"), True),
    ],
)
def test_classify(exc, transient):
    assert services.classify(exc) is transient


def test_retry_delay_grows_and_is_capped(settings):
    settings.KT_OUTBOX_RETRY_BASE, settings.KT_OUTBOX_RETRY_MAX = 10, 100
    delays = [services.retry_delay(n) for n in range(1, 12) for _ in range(20)]
    assert all(1 <= d <= 100 for d in delays)
    assert len(set(delays)) > 5, "jitter spreads the retries"


def test_claim_due_leases_rows_and_skips_others():
    now = timezone.now()
    services.enqueue_many(
        [
            services.build(key="due", to="a@example.org", subject="s", text="t", now=now - timedelta(minutes=1)),
            services.build(key="later", to="a@example.org", subject="s", text="t", now=now + timedelta(hours=1)),
            services.build(key="skipped", to="a@example.org", subject="s", text="t", state=OutboxState.SKIPPED),
        ]
    )
    claimed = services.claim_due(now=now)
    assert [OutboxMessage.objects.get(pk=pk).dedup_key for pk in claimed] == ["due"]
    assert services.claim_due(now=now) == [], "leased rows are not queued twice"
