"""The Celery application. Broker and schedule come from Django settings (CELERY_* names).
A worker or beat started without DJANGO_SETTINGS_MODULE runs the production settings, as WSGI and ASGI do
(this module is imported with the ``tracker`` package, so its default is theirs too); bin/run and the
tests choose the development settings explicitly, manage.py defaults to them. Queueing a task from
the app goes through :func:`tracker.resilience.publish`, which never fails a request on a broker
that is away."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.production")

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
