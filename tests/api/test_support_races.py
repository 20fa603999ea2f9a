"""Simultaneous supports over real HTTP: the support race.

The subject is the HTTP path: several requests in flight at once, each on its own server
thread and database connection, all reading before any of them writes. That needs a real
server (pytest-django's live server) and rows the server's connections can see, so these
tests are transactional (they flush the database and reload Assen) and marked `http_path`.
Everything else about supports is tested in-process in test_pins_participation.py.
"""

import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from participatie.pins.models import Support
from tests.participatie.factories import UserFactory, pin_create

pytestmark = pytest.mark.http_path
BASE = "/api/v1/public"


@pytest.fixture
def pin(assen_db):
    return pin_create(UserFactory())


@contextmanager
def writes_held_back(model):
    """Hold back every write to `model`'s table while reads go on (a SHARE lock, taken in a
    transaction of the test's own connection), so that concurrent requests all read before
    any of them writes: the worst interleaving, every time. Yields `until_queued(n)`, which
    waits until n requests are queued on the lock; leaving the block lets them through."""
    table = model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{table}" IN SHARE MODE')

        def until_queued(count: int, threads) -> None:
            deadline = time.monotonic() + 30
            while True:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE relation = %s::regclass AND NOT granted",
                    [table],
                )
                if cursor.fetchone()[0] >= count:
                    return
                # A request that never reaches the write would leave us waiting for nothing.
                assert all(t.is_alive() for t in threads), "a request ended before writing"
                assert time.monotonic() < deadline, f"{count} writers never queued on {table}"

        yield until_queued


def post_all_at_once(clients, url: str, *, held_back):
    """POST from every client at the same moment while writes are held back; the answers,
    and any exception raised in a thread (a lost exception must not pass for success)."""
    answers, errors = [None] * len(clients), []

    def post(i, client):
        try:
            answers[i] = client.post(url)
        except Exception as exc:  # reported below, with the thread's number
            errors.append((i, exc))

    threads = [threading.Thread(target=post, args=(i, c)) for i, c in enumerate(clients)]
    with writes_held_back(held_back) as until_queued:
        for thread in threads:
            thread.start()
        until_queued(len(clients), threads)
    for thread in threads:
        thread.join(30)
    assert not [t for t in threads if t.is_alive()], "requests still running"
    assert not errors, errors
    return answers


def test_simultaneous_supports_by_one_resident_count_once(http_signed_in, pin):
    """Eight tabs of one resident press support together; every request has looked and seen
    no support yet before any of them inserts one."""
    resident = UserFactory()
    clients = [http_signed_in(resident) for _ in range(8)]

    answers = post_all_at_once(clients, f"{BASE}/pins/{pin.public_id}/support/", held_back=Support)

    assert [(a.status_code, a.json()) for a in answers] == [
        (200, {"supported": True, "support_count": 1})
    ] * 8
    pin.refresh_from_db()
    assert pin.support_count == 1
    assert Support.objects.filter(pin=pin).count() == 1


def test_simultaneous_supports_by_different_residents_all_count(http_signed_in, pin):
    clients = [http_signed_in(UserFactory()) for _ in range(6)]

    answers = post_all_at_once(clients, f"{BASE}/pins/{pin.public_id}/support/", held_back=Support)

    assert [a.status_code for a in answers] == [200] * 6
    assert all(a.json()["supported"] is True for a in answers)
    pin.refresh_from_db()
    assert pin.support_count == 6 == Support.objects.filter(pin=pin).count()
