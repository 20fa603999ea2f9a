"""The anonymous API rate limit, switched off for in-process tests that ask hundreds of
filter combinations (the gunicorn test server runs with a high ANON_THROTTLE_RATE too).

Use with `pytest.mark.usefixtures("unthrottled")` after importing the fixture.
"""

import pytest


@pytest.fixture
def unthrottled(monkeypatch):
    """A rate of None: DRF lets every request through and keeps no history, so the requests
    of one test never throttle the next."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", None)
