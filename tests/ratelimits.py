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


def counters_clear(database_url: str) -> None:
    """Remove every committed rate-limit counter (participatie/accounts/counters.py): the
    servers of the HTTP tests commit theirs in the test database, where the next server
    with the same rate would go on counting. On a connection of its own, since a test's
    transaction never commits; rows another transaction holds are left alone."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "DELETE FROM accounts_ratecounter WHERE key IN "
            "(SELECT key FROM accounts_ratecounter FOR UPDATE SKIP LOCKED)"
        )
