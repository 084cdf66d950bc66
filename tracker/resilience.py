"""Redis refused or hung (a crashed server, a frozen one, a dropped network): nothing a visitor or a
staff member does may wait on it for long, and nothing that was committed may be answered as a failure.

- Every connection to Redis has a connect and a socket timeout (``KT_REDIS_TIMEOUT`` seconds).
- A failure opens a process-local *breaker* for ``KT_REDIS_RETRY_SECONDS``: meanwhile that use of Redis
  is skipped at once instead of waiting for another timeout in every request.
- The cache (:class:`FallbackRedisCache`) falls back to a per-process memory cache while the breaker is
  open, so the API throttle and the sign-up limits keep counting, per process, instead of failing.
- Tasks are queued with :func:`publish`, which never raises for a broker that is away: what a task
  carries is kept in PostgreSQL (the outbox, the status events) and the periodic sweeps queue it later.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("kamertracker.redis")


def broker_errors() -> tuple[type[BaseException], ...]:
    """What publishing raises when the broker is refused, hung or misconfigured."""
    from kombu.exceptions import KombuError

    errors: tuple[type[BaseException], ...] = (KombuError, OSError)
    try:
        import redis
    except ImportError:  # no Redis client: the filesystem broker
        return errors
    return (*errors, redis.RedisError)


class Breaker:
    """Open after a failure: callers skip the service until ``KT_REDIS_RETRY_SECONDS`` have passed,
    then one call tries again (and closes the breaker when it works)."""

    def __init__(self, name: str):
        self.name = name
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            was_open = self._open_until > 0
            self._open_until = time.monotonic() + settings.KT_REDIS_RETRY_SECONDS
        if not was_open:
            logger.warning(
                "%s unavailable (%s: %s); skipped for %ss",
                self.name,
                type(exc).__name__,
                exc,
                settings.KT_REDIS_RETRY_SECONDS,
            )

    def succeeded(self) -> None:
        if self._open_until:
            with self._lock:
                self._open_until = 0.0
            logger.warning("%s available again", self.name)

    def reset(self) -> None:
        self._open_until = 0.0


BREAKERS: dict[str, Breaker] = {}


def breaker(name: str) -> Breaker:
    return BREAKERS.setdefault(name, Breaker(name))


class _Producer(threading.local):
    current = None  # the producer of this thread's publishing() block


_producer = _Producer()


@contextmanager
def publishing():
    """Inside, :func:`publish` sends over one producer (one broker connection) instead of taking one
    from the pool per message: for a batch of messages, such as an import's status events."""
    from tracker.celery import app

    if _producer.current is not None or breaker("broker").is_open:
        yield
        return
    try:
        context = app.producer_or_acquire()
        producer = context.__enter__()
    except broker_errors() as exc:
        breaker("broker").failed(exc)
        yield
        return
    _producer.current = producer
    try:
        yield
    finally:
        _producer.current = None
        try:
            context.__exit__(None, None, None)
        except Exception:  # a broken connection goes back to the pool as it is
            logger.debug("Celery producer not released cleanly", exc_info=True)


def publish(task, args=(), kwargs=None, **options) -> bool:
    """Queue ``task`` (one try, the broker's timeouts); False when the broker is away and the task was
    not queued: what was not queued is picked up by the periodic sweeps, so nothing is lost. The
    first failure is one warning line (:class:`Breaker`), later ones are quiet until the broker is
    tried again. Other errors (a task run eagerly in tests) propagate as before."""
    broker = breaker("broker")
    if broker.is_open:
        return False
    try:
        task.apply_async(args, kwargs, retry=False, producer=_producer.current, **options)
    except broker_errors() as exc:
        broker.failed(exc)
        return False
    broker.succeeded()
    return True


def _fallback(name):
    def method(self, *args, **kwargs):
        if not self._breaker.is_open:
            try:
                result = getattr(self._shared, name)(*args, **kwargs)
            except self._errors as exc:
                self._breaker.failed(exc)
            else:
                self._breaker.succeeded()
                return result
        return getattr(self._local, name)(*args, **kwargs)

    method.__name__ = name
    return method


class FallbackRedisCache(BaseCache):
    """Django's Redis cache, or, while Redis fails (breaker open), a memory cache of this process."""

    def __init__(self, server, params):
        import redis

        super().__init__(params)
        self._shared = RedisCache(server, params)
        local_params = {key: value for key, value in params.items() if key not in ("OPTIONS", "options")}
        self._local = LocMemCache(f"kt-fallback:{server}", local_params)
        self._breaker = breaker(f"cache {server.split('@')[-1]}")
        self._errors = (redis.RedisError, OSError)

    def close(self, **kwargs):
        self._shared.close(**kwargs)


# Each cache operation goes to Redis, or to the memory cache while the breaker is open.
_OPERATIONS = "add get set touch delete get_many has_key incr set_many delete_many clear".split()
for _name in _OPERATIONS:
    setattr(FallbackRedisCache, _name, _fallback(_name))
del _name
