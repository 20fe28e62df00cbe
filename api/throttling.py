from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from pubdb.ratelimit import client_address


class AnonReadThrottle(AnonRateThrottle):
    """AnonRateThrottle whose rate is read per request, so settings overrides (tests) take effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # The login limit's client address, not DRF's: with NUM_PROXIES unset DRF takes X-Forwarded-For whole,
        # so a client escaped the limit by sending a new header each time, and behind a proxy it trusted none.
        return client_address(request)
