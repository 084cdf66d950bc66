from tests.notifications.support import fast_outbox, smtp, worker  # noqa: F401
