"""Admin: the reminder policy is editable with clear errors; the outbox is read-only."""

import pytest
from django.contrib.auth import get_user_model

from notifications import services as outbox
from reminders.models import ReminderPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))
    return client


def test_policy_edit_and_validation(admin_client_):
    assert admin_client_.get("/admin/reminders/reminderpolicy/").status_code == 200
    url = f"/admin/reminders/reminderpolicy/{ReminderPolicy.current().pk}/change/"
    form = {
        "enabled": "on",
        "on_the_day": "on",
        "overdue_every_days": 7,
        "catch_up_days": 90,
        "digest_weekday": 0,
        "digest_horizon_days": 30,
    }
    bad = admin_client_.post(url, {**form, "days_before": "[30, -1]"})
    assert bad.status_code == 200 and "tussen 1 en 3650" in bad.content.decode()
    ok = admin_client_.post(url, {**form, "days_before": "[14, 3]"})
    assert ok.status_code == 302
    assert ReminderPolicy.current().days_before == [14, 3]


def test_outbox_is_read_only_in_admin(admin_client_):
    msg = outbox.enqueue(key="adm", to="a@example.org", subject="Hallo", text="Tekst")
    listing = admin_client_.get("/admin/notifications/outboxmessage/?state__exact=pending")
    assert listing.status_code == 200 and "a@example.org" in listing.content.decode()
    detail = admin_client_.get(f"/admin/notifications/outboxmessage/{msg.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert admin_client_.get("/admin/notifications/outboxmessage/add/").status_code == 403
