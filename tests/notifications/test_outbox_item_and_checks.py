"""The outbox names its item through contenttypes and its pre-send check by a registered code; rows
queued before this change are carried over by the migration."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notifications import checks, services
from notifications.models import OutboxMessage, OutboxState
from tests.factories import make_commitment

pytestmark = pytest.mark.django_db


def test_a_reminder_row_names_its_item_and_a_registered_check():
    from reminders.services import VETO_CHECK

    item = make_commitment(deadline_phrase="1 januari 2027")
    row = services.enqueue(
        key="t:1",
        to="a@example.org",
        subject="s",
        text="t",
        item=item,
        kind="before-7",
        refers_to=item.deadline_date,
        presend_check=VETO_CHECK,
    )
    row.refresh_from_db()
    assert row.item == item and row.presend_check == "reminder"
    assert services.cancel_for_item(item=item, reason="weg") == 1


def test_an_unregistered_check_stops_the_mail_with_the_reason():
    row = services.enqueue(key="t:2", to="a@example.org", subject="s", text="t", presend_check="verdwenen")
    assert services.deliver(row.pk) == OutboxState.CANCELLED
    row.refresh_from_db()
    assert "verdwenen" in row.last_error
    checks.register("altijd-goed", lambda message: "")
    other = services.enqueue(key="t:3", to="a@example.org", subject="s", text="t", presend_check="altijd-goed")
    assert checks.veto(other) == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_queued_rows_over():
    executor = MigrationExecutor(connection)
    executor.migrate([("notifications", "0001_initial")])
    old = executor.loader.project_state([("notifications", "0001_initial")]).apps.get_model(
        "notifications", "OutboxMessage"
    )
    old.objects.create(
        dedup_key="oud",
        to="a@example.org",
        subject="s",
        text="t",
        item_type="commitments.commitment",
        item_id=7,
        presend_check="reminders.services.reminder_veto",
        refers_to=dt.date(2027, 1, 1),
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    row = OutboxMessage.objects.get(dedup_key="oud")
    assert (row.item_content_type.app_label, row.item_content_type.model, row.item_id, row.presend_check) == (
        "commitments",
        "commitment",
        7,
        "reminder",
    )
