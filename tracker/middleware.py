"""Refuse, before any view runs, a request whose path or query string holds a NUL character: no URL of
the site means anything with one, and PostgreSQL refuses NUL in text (a lookup with one would be a
500). The answer is a 400 with a message (JSON under /api/)."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            message = _("Ongeldig adres: het bevat een NUL-teken.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
