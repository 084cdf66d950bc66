"""Alerts treat Senate items like the others: a subscriber to the Senate's commitments (the list
filtered on chamber=EK) is mailed the change of T01237 and nothing of the Tweede Kamer."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts import delivery as alerts_delivery
from alerts import services
from alerts.models import Frequency
from commitments.models import Commitment
from commitments.services import commitment_transition
from notifications.models import OutboxMessage


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(log=lambda *a: None)


def _active(kind, query, frequency=Frequency.IMMEDIATE, email="volger@example.org"):
    sub = services.subscribe(email=email, kind=kind, query=query, frequency=frequency).subscription
    return services.confirm(subscription=sub)


def test_immediate_alert_of_a_senate_commitments_change(demo, django_capture_on_commit_callbacks, eager_tasks):
    _active("toezeggingen", "chamber=EK")
    _active("toezeggingen", "chamber=TK", email="tk@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        commitment_transition(
            commitment=Commitment.objects.get(senate_number="T01237"),
            to="deels_voldaan",
            reason="Conceptversie gestuurd",
        )
    mail = OutboxMessage.objects.get(kind="alert")
    assert mail.to == "volger@example.org"
    assert "T01237" in mail.subject and "deels voldaan" in mail.text


def test_daily_digest_holds_the_senate_commitments_change(demo, django_capture_on_commit_callbacks):
    _active("toezeggingen", "chamber=EK", frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        commitment_transition(commitment=Commitment.objects.get(senate_number="T01237"), to="voldaan")
    assert alerts_delivery.sweep(now=timezone.now() + dt.timedelta(days=1, minutes=1)) == 1
    digest = OutboxMessage.objects.get(kind="alert")
    assert "T01237" in digest.text and "voldaan" in digest.text
