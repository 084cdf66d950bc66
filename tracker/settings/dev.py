"""Local development and the one-command demo: DEBUG on, a fixed development secret."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-not-secret-kamertracker")
# The console e-mail backend writes to stdout: a worker started with these settings keeps its stdout as
# it is (bin/run: the terminal) instead of turning it into log lines, so mails are readable there.
CELERY_WORKER_REDIRECT_STDOUTS = False
