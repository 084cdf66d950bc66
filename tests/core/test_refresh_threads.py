"""An item refreshed in several threads of one process at once (gunicorn's threaded workers: a
status change ends with ``item.refresh_from_db()``). django-fsm's refresh lifts the protection of
the status field on the field itself, which all threads share, and puts it back when done: a
thread whose refresh was under way then failed with "Direct status modification is not allowed"
(found by bench/load.py --staff-every 20 as a 500 on the API's transition)."""

import pytest

from tests.concurrency import at_once
from tests.factories import make_motion


@pytest.mark.django_db(transaction=True)
def test_refreshes_in_threads_at_once_never_trip_the_status_protection():
    from motions.models import Motion

    motion = make_motion(status="aangenomen")

    def refresh_often():
        own = Motion.objects.get(pk=motion.pk)
        for _ in range(40):
            own.refresh_from_db()
        return own.status

    outcomes = at_once(*[refresh_often] * 8)
    assert outcomes == ["aangenomen"] * 8, [repr(o) for o in outcomes if o != "aangenomen"]
    with pytest.raises(AttributeError, match="not allowed"):
        motion.status = "afgedaan"  # and the protection is back afterwards
