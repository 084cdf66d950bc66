"""Immediate alerts leave the request: the status-change hook queues a task, a real Celery worker on
the real Redis matches the subscriptions and mails through a real SMTP server. With the broker away the
click still succeeds at once, and the sweep delivers the change later."""

import time
from contextlib import contextmanager

import pytest
from django.utils import timezone

from alerts import delivery as alerts_delivery
from alerts import services
from alerts.models import Delivery, Frequency
from motions.services import motion_transition
from notifications.models import OutboxMessage
from tests.factories import make_motion
from tests.notifications.support import free_port, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]


def _follow(motion):
    sub = services.subscribe(
        email="volger@example.org", kind="moties", query=f"item={motion.pk}", frequency=Frequency.IMMEDIATE
    ).subscription
    return services.confirm(subscription=sub)


def test_a_worker_sends_the_immediate_alert(worker, smtp):
    smtp.start()
    w = worker()
    motion = make_motion(status="aangenomen")
    sub = _follow(motion)
    motion_transition(motion=motion, to="in_uitvoering", reason="gestart")  # commits: the hook queues

    def alerts():  # (the other mail is the subscription's confirmation)
        return [m for m in smtp.messages if "36 000" in m["Subject"] and "Status:" in m["Subject"]]

    wait_for(lambda: alerts(), timeout=30, what="the alert mail")
    w.drain()
    assert len(alerts()) == 1, [m["Subject"] for m in smtp.messages]
    assert "in uitvoering" in alerts()[0].get_content()
    assert Delivery.objects.filter(subscription=sub).count() == 1


@contextmanager
def broker_away():
    """Point this process's Celery publisher at a port where nothing listens."""
    from tracker.celery import app

    saved = app.conf.broker_url, app.conf.broker_write_url
    app.conf.broker_url = app.conf.broker_write_url = f"redis://127.0.0.1:{free_port()}/0"
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.broker_write_url = saved
        app._pool = None
        app.amqp._producer_pool = None


def test_with_the_broker_away_the_change_is_saved_and_the_sweep_sends_the_alert(transactional_db):
    motion = make_motion(status="aangenomen")
    sub = _follow(motion)
    with broker_away():
        started = time.monotonic()
        motion_transition(motion=motion, to="in_uitvoering", reason="gestart")
        took = time.monotonic() - started
    motion.refresh_from_db()
    assert motion.status == "in_uitvoering"
    assert took < 2, f"the status change waited {took:.1f} s for the broker"
    assert not OutboxMessage.objects.filter(kind="alert").exists()
    assert alerts_delivery.sweep(now=timezone.now() + timezone.timedelta(seconds=1)) == 1
    mail = OutboxMessage.objects.get(kind="alert")
    assert mail.to == "volger@example.org" and "in uitvoering" in mail.text
    assert Delivery.objects.filter(subscription=sub).count() == 1
