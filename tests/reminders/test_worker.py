"""Reminders end to end: the sweep (as beat or the command runs it), a real Celery worker on the real
Redis, a real SMTP server."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from commitments.services import commitment_transition
from notifications.models import OutboxMessage, OutboxState
from reminders import services
from tests.concurrency import at_once
from tests.notifications.support import wait_for
from tests.reminders.test_sweep import TODAY, _commitment

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]


def _reminder_mails(smtp):
    return [m for m in smtp.messages if not m["Subject"].startswith("Weekoverzicht")]


def _settled(expected_mails, smtp, worker, timeout=30):
    """Wait until nothing is pending or sending and SMTP has ``expected_mails``; then until the worker has
    handled every task queued so far, so a duplicate would have shown."""
    wait_for(
        lambda: (
            not OutboxMessage.objects.filter(state__in=[OutboxState.PENDING, OutboxState.SENDING]).exists()
            and len(smtp.messages) >= expected_mails
        ),
        timeout=timeout,
        what=f"{expected_mails} mails",
    )
    worker.drain()


def test_seven_day_reminder_exactly_once_with_concurrent_and_repeated_sweeps(worker, smtp):
    smtp.start()
    w = worker()
    c = _commitment(7)
    outcomes = at_once(*[lambda: services.sweep(today=TODAY)] * 2)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    services.sweep(today=TODAY)  # and once more, later
    _settled(2, smtp, w)  # the reminder and the weekly digest (TODAY is a Monday)
    services.sweep(today=TODAY)
    w.drain()
    rows = OutboxMessage.objects.filter(item_id=c.pk, kind="before-7")
    assert [r.state for r in rows] == [OutboxState.SENT]
    assert len(_reminder_mails(smtp)) == 1 and len(smtp.messages) == 2
    mail = _reminder_mails(smtp)[0]
    assert mail["To"] == c.ministry.parliamentary_affairs_email
    assert "over 7 dagen" in mail["Subject"]


@pytest.mark.parametrize("with_hook", [True, False], ids=["status-hook", "pre-send-check"])
def test_settling_before_the_reminder_goes_out_cancels_it(worker, smtp, monkeypatch, with_hook):
    if not with_hook:
        monkeypatch.setattr("core.events._listeners", [])
    smtp.start()
    c = _commitment(7)
    services.sweep(today=TODAY)  # the send task waits in Redis: no worker yet
    row = OutboxMessage.objects.get(item_id=c.pk)
    commitment_transition(commitment=c, to="voldaan", reason="brief verzonden")
    w = worker()
    wait_for(lambda: OutboxMessage.objects.get(pk=row.pk).state == OutboxState.CANCELLED, what="cancellation")
    w.drain()
    row.refresh_from_db()
    assert "voldaan" in row.last_error
    assert row.attempts == 0 and _reminder_mails(smtp) == []


def test_send_reminders_over_a_sixty_day_gap(worker, smtp):
    smtp.start()
    w = worker()
    items = [_commitment(days) for days in (40, 10, 65, -20)]
    call_command("send_reminders", now=TODAY.isoformat(), stdout=StringIO())
    _settled(4 - 1, smtp, w)  # 10 days ahead, -20 overdue, and one weekly digest to the ministries' address
    before = len(smtp.messages)
    later = (TODAY + timedelta(days=60)).isoformat()
    out = StringIO()
    call_command("send_reminders", now=later, stdout=out)
    _settled(before + 1, smtp, w)
    reminders = OutboxMessage.objects.filter(dedup_key__startswith="reminder:")
    sent_after_gap = reminders.filter(sent_at__isnull=False).exclude(refers_to=None)
    by_item = {}
    for row in sent_after_gap:
        by_item.setdefault(row.item_id, []).append(row.kind)
    # one mail per item for the gap: the latest kind reached on the later date
    assert by_item[items[0].pk] == ["overdue-2"]
    assert by_item[items[2].pk] == ["before-7"]
    assert sorted(by_item[items[1].pk]) == ["before-30", "overdue-7"]
    assert sorted(by_item[items[3].pk]) == ["overdue-11", "overdue-2"]
    skipped = set(reminders.filter(state=OutboxState.SKIPPED).values_list("item_id", "kind"))
    assert (items[0].pk, "before-30") in skipped and (items[0].pk, "due") in skipped
    count = len(smtp.messages)
    again = StringIO()
    call_command("send_reminders", now=later, stdout=again)
    w.drain()
    assert "0 herinneringen, 0 weekoverzichten" in again.getvalue()
    assert len(smtp.messages) == count, "a second run sends nothing"
    subjects = [m["Subject"] for m in _reminder_mails(smtp)]
    assert len(subjects) == len(set(subjects)) == 6, subjects
