"""Error pages. A database that cannot be reached (PostgreSQL down or restarting) is answered with a
clear 503 page and Retry-After, not a 500 with a stack trace; every other error keeps Django's 500.
Under /api/ the answers are JSON (``{"detail": ...}``), as the API's schema documents."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found as default_page_not_found
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger("kamertracker.errors")

RETRY_AFTER_SECONDS = 30


def _is_api(request) -> bool:
    return request is not None and request.path.startswith("/api/")


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.error("database unavailable: %s", exc.__class__.__name__)
        if _is_api(request):
            response = JsonResponse(
                {"detail": _("Kamertracker is tijdelijk niet beschikbaar; probeer het over een halve minuut opnieuw.")},
                status=503,
            )
        else:
            response = HttpResponse(
                render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}, request=None),
                status=503,
                content_type="text/html; charset=utf-8",
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return default_server_error(request, *args, **kwargs)


def page_not_found(request, exception, *args, **kwargs):
    if _is_api(request):
        return JsonResponse({"detail": _("Niet gevonden.")}, status=404)
    return default_page_not_found(request, exception, *args, **kwargs)
