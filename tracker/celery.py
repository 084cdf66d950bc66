"""The Celery application. Broker and schedule come from Django settings (CELERY_* names)."""
import logging
import os
import threading
from contextlib import contextmanager

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.dev")

logger = logging.getLogger(__name__)

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_dirs() -> None:
    """The filesystem broker needs its folders before the first message."""
    from django.conf import settings

    opts = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in opts:
            os.makedirs(opts[key], exist_ok=True)


@app.on_after_configure.connect
def _broker_dirs_on_first_use(sender, **kwargs) -> None:
    """Any process that publishes or works (web, commands, worker) reads the configuration first:
    the filesystem broker's folders exist from then on, also in a fresh clone."""
    ensure_broker_dirs()


class _Broker(threading.local):
    down = False  # (shared by the threads: a class attribute)
    producer = None  # per thread, inside publishing()


_broker = _Broker()


@contextmanager
def publishing():
    """Inside, :func:`publish` sends over one producer (one broker connection) instead of taking one
    from the pool per message: for a batch of messages, such as an import's status events."""
    if _broker.producer is not None or _Broker.down:
        yield
        return
    try:
        context = app.producer_or_acquire()
        producer = context.__enter__()
    except Exception:  # noqa: BLE001 - no shared producer: publish() takes its own and reports
        yield
        return
    _broker.producer = producer
    try:
        yield
    finally:
        _broker.producer = None
        try:
            context.__exit__(None, None, None)
        except Exception:  # noqa: BLE001 - a broken connection goes back to the pool as it is
            logger.debug("Celery producer not released cleanly", exc_info=True)


def publish(task, args: tuple, what: str, **options) -> bool:
    """Queue ``task`` with ``args`` (``apply_async`` options as keywords). When the broker cannot
    take it, the first failure is one warning line (no traceback) and later ones are quiet until it
    is back: what was not queued is picked up by the periodic sweeps, so nothing is lost. Returns
    whether it was queued."""
    try:
        task.apply_async(args, producer=_broker.producer, **options)
    except Exception as exc:  # noqa: BLE001 - any broker or transport error
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        if not _Broker.down:
            logger.warning("Celery broker unavailable (%s); %s and what follows is left to the periodic sweeps "
                           "until it is back", detail, what)
        else:
            logger.debug("Celery broker still unavailable (%s); %s left to the sweeps", detail, what)
        _Broker.down = True
        return False
    if _Broker.down:
        _Broker.down = False
        logger.info("Celery broker reachable again")
    return True
