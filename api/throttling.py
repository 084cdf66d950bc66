from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonApiThrottle(AnonRateThrottle):
    """Anonymous rate limit, read from settings at request time (so it follows the environment and
    test overrides; DRF's own class freezes the rates when it is imported)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
