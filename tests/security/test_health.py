"""/healthz: 200 with the state of database, broker and outbox; 503 (JSON) when the database is away."""
import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import enqueue
from tests.notifications.support import free_port


@pytest.mark.django_db
def test_healthy_and_late_mails_counted(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["outbox"] == {"late": 0, "oldest_late_seconds": None}
    fresh = enqueue(key="h:fresh", to="a@example.org", subject="s", text="t")
    stale = enqueue(key="h:stale", to="b@example.org", subject="s", text="t")
    OutboxMessage.objects.filter(pk=stale.pk).update(next_attempt_at=timezone.now() - timezone.timedelta(minutes=20))
    late = client.get("/healthz").json()["outbox"]
    assert late["late"] == 1 and 1190 < late["oldest_late_seconds"] < 1300, (late, fresh.pk)


@pytest.mark.redis
@pytest.mark.django_db
def test_broker_state_is_reported(client, settings):
    assert client.get("/healthz").json()["broker"] == "ok"
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["broker"] == "unreachable"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_away_is_a_503_in_json(client):
    saved = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()  # nothing listens: as when PostgreSQL is down
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = saved
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], "outbox" in body) == ("unavailable", "unreachable", False)
    assert client.get("/healthz").status_code == 200  # and back by itself
