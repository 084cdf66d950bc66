"""WSGI entry point (gunicorn tracker.wsgi). Production settings unless DJANGO_SETTINGS_MODULE says
otherwise: a server started without it must not run with DEBUG on (bin/run chooses dev explicitly)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.production")
application = get_wsgi_application()
