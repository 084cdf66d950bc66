import pytest

from tests.notifications.support import fast_outbox, smtp, worker  # noqa: F401


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in this process when queued (the hand-off to a worker is tested with a real
    worker in test_worker.py)."""
    from tracker.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
