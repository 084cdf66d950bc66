from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from tracker.clients import client_ip


class AnonApiThrottle(AnonRateThrottle):
    """Anonymous rate limit, read from settings at request time (so it follows the environment and
    test overrides; DRF's own class freezes the rates when it is imported), per client address as the
    trusted proxies report it (a forged ``X-Forwarded-For`` is not a new client)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)
