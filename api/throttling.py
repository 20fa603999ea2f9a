"""The API's rate limits, counted in PostgreSQL (participatie/accounts/counters.py) instead
of DRF's cache history: exact under parallel requests and shared by every process and
server. Rates and scopes stay DRF's (REST_FRAMEWORK DEFAULT_THROTTLE_RATES); a rate of None
lets every request through uncounted, as in DRF."""

from rest_framework import throttling
from rest_framework.permissions import SAFE_METHODS

from participatie.accounts import counters


class CountedThrottle(throttling.SimpleRateThrottle):
    """A fixed window per client and scope; `get_cache_key` says who the client is."""

    counted: counters.Hit | None = None

    def get_ident(self, request) -> str:
        return counters.client_address(request)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        who = self.get_cache_key(request, view)
        if who is None:
            return True
        self.counted = counters.hit(scope=self.scope, who=who, rate=self.rate)
        return self.counted.allowed

    def wait(self) -> float | None:
        return self.counted.retry_after if self.counted is not None else None


class AnonRateThrottle(CountedThrottle, throttling.AnonRateThrottle):
    """Anonymous requests per client address (REMOTE_ADDR, or per NUM_PROXIES)."""


class WriteRateThrottle(throttling.ScopedRateThrottle, CountedThrottle):
    """The view's `throttle_scope` rate per account, counted for writes only: reading the
    map stays free while posting is limited. The residents' pages count in the same
    counters (participatie/pins/pages/ratelimits.py), so a page and the API share one rate."""

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return counters.account_or_address(request)
