"""The staff member's own time zone in the admin.

Django shows and reads date-times in the current time zone (``TIME_ZONE``, Europe/Amsterdam), and the
admin's date and time widgets warn "You are N hours behind server time" when the browser's clock runs in
another zone (a laptop abroad, or a machine left on UTC). The admin's script (static/kamertracker/admin.js)
stores the browser's IANA zone name in the ``kt_tz`` cookie, scoped to the admin, from the login page on;
this middleware activates that zone for admin requests, so times are shown and entered in the zone the
staff member's clock shows, and the widgets' offset agrees with the browser's. Unknown names are ignored.
Public pages and background work (reminders, alerts) keep ``TIME_ZONE``."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django.urls import reverse
from django.utils import timezone

COOKIE = "kt_tz"


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def browser_zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone a cookie names, or None for a name that is no IANA zone (never a file path)."""
    if not name or len(name) > 64 or name not in _known_zones():
        return None
    return zoneinfo.ZoneInfo(name)


class AdminTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = None
        if request.path.startswith(reverse("admin:index")):
            zone = browser_zone(request.COOKIES.get(COOKIE))
        if zone is None:
            return self.get_response(request)
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
