"""The Celery application. Broker and schedule come from Django settings (CELERY_* names)."""
import logging
import os
from collections.abc import Callable

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


class _Broker:
    down = False


def publish(send: Callable[[], object], what: str) -> bool:
    """Hand work to the broker (``send`` publishes it). When the broker cannot take it, the first
    failure is one warning line (no traceback) and later ones are quiet until it is back: what was
    not queued is picked up by the periodic sweeps, so nothing is lost. Returns whether it was sent."""
    try:
        send()
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
