from tests.notifications.support import fast_outbox, redis_server, smtp, worker  # noqa: F401
