"""The API's default anonymous rate limit holds, whatever X-Forwarded-For a client sends."""

import time

import pytest
import requests

pytestmark = pytest.mark.django_db

DEFAULT_ANON_RATE, PERIOD = 600, 60  # per minute (README)


def test_anonymous_clients_get_429_after_the_default_rate_even_with_rotating_forwarded_for(
    start_server,
):
    server = start_server()
    url = server.url + "/api/v1/public/centres/"
    statuses = []
    started = time.monotonic()
    # One after the other: what this measures is the address counted, not a burst (the
    # limits under parallel requests: tests/security/test_rate_limits.py).
    with requests.Session() as session:
        for i in range(DEFAULT_ANON_RATE):
            # Each request claims another client address, as a scraper dodging the limit would.
            forwarded = {"X-Forwarded-For": f"198.51.{i // 250}.{i % 250 + 1}"}
            statuses.append(session.get(url, headers=forwarded, timeout=30).status_code)
        elapsed = time.monotonic() - started
        assert statuses == [200] * DEFAULT_ANON_RATE, server.log_text()
        # Only within the period do the 600 count against the next request.
        assert elapsed < PERIOD, f"{DEFAULT_ANON_RATE} requests took {elapsed:.0f} s"
        over = session.get(url, headers={"X-Forwarded-For": "203.0.113.7"}, timeout=30)
        assert over.status_code == 429
        assert 0 < int(over.headers["Retry-After"]) <= PERIOD
        # The address the server sees is what counts: without the header, still limited.
        assert session.get(url, timeout=30).status_code == 429
