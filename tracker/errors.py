"""Error pages. A database that cannot be reached (PostgreSQL down or restarting) is answered with a
clear 503 page and Retry-After, not a 500 with a stack trace; every other error keeps Django's 500."""
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger("kamertracker.errors")

RETRY_AFTER_SECONDS = 30


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.error("database unavailable: %s", exc.__class__.__name__)
        response = HttpResponse(render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}, request=None),
                                status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return default_server_error(request, *args, **kwargs)
