"""A Senate commitment is reminded like any other: the existing sweep puts its reminder in the outbox,
once, to the ministry (the real T01237 of the Senate's registry, with a deadline moved near)."""

from datetime import date, timedelta

import pytest

from commitments.models import Commitment
from notifications.models import OutboxMessage, OutboxState
from reminders import services
from tests.factories import MinistryFactory
from tests.senate import make_senate_commitment

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


def test_a_senate_commitment_with_a_deadline_gets_its_reminder_through_the_outbox():
    bzk = MinistryFactory(abbreviation="BZK", name="Binnenlandse Zaken en Koninkrijksrelaties")
    t01237 = make_senate_commitment(bzk)
    Commitment.objects.filter(pk=t01237.pk).update(deadline_date=TODAY + timedelta(days=7), deadline_phrase="")
    result = services.sweep(today=TODAY)
    assert [p.key for p in result.reminders] == [
        f"reminder:commitments.commitment:{t01237.pk}:before-7:{TODAY + timedelta(days=7)}"
    ]
    row = OutboxMessage.objects.get(dedup_key__startswith="reminder:")
    assert row.state == OutboxState.PENDING and row.to == bzk.parliamentary_affairs_email
    assert "T01237" in row.subject + row.text
    assert f"/admin/commitments/commitment/{t01237.pk}/change/" in row.text
    assert services.sweep(today=TODAY).reminders == []  # once
    assert OutboxMessage.objects.filter(dedup_key__startswith="reminder:").count() == 1
