"""A committed status change is answered as committed (issue 14, finding 10): the database connection
is dropped right after the commit (a PostgreSQL restart at that moment), and the API still answers 200
with the new status, so a client does not retry a change that was made (and get a refusal)."""

import psycopg
import pytest
from django.db import connection

from motions.models import Motion, MotionStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def drop_the_connection(event):
    """An event listener (it runs right after the commit): terminate this process's
    database session from another one, as a restarting server would."""
    from tests.notifications.support import _database_url

    pid = connection.connection.info.backend_pid
    with psycopg.connect(_database_url(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_the_answer_does_not_depend_on_the_database_after_the_commit(world, client_a, monkeypatch):
    from core import events

    monkeypatch.setattr(events, "_listeners", [*events._listeners, drop_the_connection])
    motion = world["motion_a"]
    response = client_a.post(
        f"/api/v1/motions/{motion.pk}/transition/", {"to": MotionStatus.SETTLED, "reason": "Afgehandeld"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == MotionStatus.SETTLED
    assert response.json()["timeline"][-1]["to_status"] == MotionStatus.SETTLED
    connection.close()  # the dropped session: connect again
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.SETTLED
