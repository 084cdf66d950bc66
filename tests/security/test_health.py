"""/healthz: 200 or 503 for everyone; the state of broker and outbox only for staff and for monitoring
with the configured token; 503 (JSON) when the database is away."""

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import enqueue
from tests.factories import MinistryFactory, make_staff
from tests.notifications.support import free_port

TOKEN = "monitoring-token-0123456789"


@pytest.fixture
def monitoring(settings):
    settings.KT_HEALTHZ_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.mark.django_db
def test_the_public_sees_only_ok(client, settings, monitoring):
    enqueue(key="h:stale", to="b@example.org", subject="s", text="t")
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer fout"}, {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}x"}):
        response = client.get("/healthz", **headers)
        assert response.status_code == 200 and response.json() == {"status": "ok"}, headers
    settings.KT_HEALTHZ_TOKEN = ""  # no token configured: an empty bearer is no key
    assert client.get("/healthz", HTTP_AUTHORIZATION="Bearer ").json() == {"status": "ok"}


@pytest.mark.django_db
def test_staff_see_the_details(client):
    client.force_login(make_staff("monitor", MinistryFactory()))
    body = client.get("/healthz").json()
    assert body["database"] == "ok" and body["outbox"] == {"late": 0, "oldest_late_seconds": None}


@pytest.mark.django_db
def test_healthy_and_late_mails_counted(client, monitoring):
    response = client.get("/healthz", **monitoring)
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["outbox"] == {"late": 0, "oldest_late_seconds": None}
    fresh = enqueue(key="h:fresh", to="a@example.org", subject="s", text="t")
    stale = enqueue(key="h:stale", to="b@example.org", subject="s", text="t")
    OutboxMessage.objects.filter(pk=stale.pk).update(next_attempt_at=timezone.now() - timezone.timedelta(minutes=20))
    late = client.get("/healthz", **monitoring).json()["outbox"]
    assert late["late"] == 1 and 1190 < late["oldest_late_seconds"] < 1300, (late, fresh.pk)


@pytest.mark.redis
@pytest.mark.django_db
def test_broker_state_is_reported(client, settings, monitoring):
    assert client.get("/healthz", **monitoring).json()["broker"] == "ok"
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz", **monitoring)
    assert response.status_code == 200 and response.json()["broker"] == "unreachable"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_away_is_a_503_in_json(client, monitoring):
    saved = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()  # nothing listens: as when PostgreSQL is down
    try:
        public = client.get("/healthz")
        detailed = client.get("/healthz", **monitoring)
    finally:
        connection.close()
        connection.settings_dict["PORT"] = saved
    assert (public.status_code, public.json()) == (503, {"status": "unavailable"})
    assert detailed.status_code == 503 and detailed.json() == {"status": "unavailable"}
    assert client.get("/healthz").status_code == 200  # and back by itself
