"""ASGI entry point (e.g. uvicorn tracker.asgi:application). Production settings unless
DJANGO_SETTINGS_MODULE says otherwise, as for WSGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.production")
application = get_asgi_application()
