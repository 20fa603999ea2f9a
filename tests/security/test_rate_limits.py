"""Rate limits hold under parallel requests, across processes and servers, and a stranger's
wrong passwords do not lock a resident out.

The limits count in PostgreSQL (participatie/accounts/counters.py). The HTTP tests start
gunicorn as `make run` serves it (tests/production/server.py) on the test database, with
the rates they need in its environment; what those servers read is committed outside the
test's transaction and removed afterwards, counters included.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from django.db import connection, connections
from django.utils.crypto import get_random_string

from participatie.accounts import counters
from tests.participatie.accounts.factories import PASSWORD
from tests.participatie.factories import UserFactory, point_in
from tests.production.server import Server
from tests.ratelimits import counters_clear

pytestmark = pytest.mark.django_db
LOGIN = "/account/inloggen/"
WRONG_LOG_IN = "This e-mail address and password do not match an account."


# --- set-up -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database_url(django_db_setup, django_db_blocker) -> str:
    with django_db_blocker.unblock():
        db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def fresh_counters(database_url):
    counters_clear(database_url)
    yield
    counters_clear(database_url)


def on_own_connection(work):
    """work() in a thread of its own: with a database connection of its own, in autocommit,
    so what it writes is committed for the servers (the test's transaction never is)."""

    def run():
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def committed():
    """committed(Factory, **kwargs) → an object the servers can read, deleted afterwards
    (with the pins its account posted)."""
    made = []

    def make(factory, **kwargs):
        made.append(on_own_connection(lambda: factory(**kwargs)))
        return made[-1]

    yield make

    def remove():
        from participatie.pins.models import Pin
        from participatie.pins.services import pin_delete

        for obj in reversed(made):
            for pin in Pin.objects.filter(author_id=obj.pk):
                pin_delete(pin=pin)
            type(obj).objects.filter(pk=obj.pk).delete()

    on_own_connection(remove)


@pytest.fixture
def serve(database_url, fresh_counters):
    """serve(workers, **env) → a running production server with these settings on top."""
    from maps.models import Area
    from tests.conftest import load_reference_data

    if not on_own_connection(Area.objects.exists):
        on_own_connection(load_reference_data)
    servers = []

    def start(workers: int = 3, **env: str) -> Server:
        server = Server(database_url=database_url, env=env, workers=workers)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


def all_at_once(count: int, request, *, threads: int | None = None) -> list:
    """request(i) for i in range(count) on `threads` threads (all by default) that start
    together at a barrier, so that the requests are in flight at the same time."""
    threads = threads or count
    barrier = threading.Barrier(threads)

    def run(first: int) -> list:
        barrier.wait(timeout=120)
        return [request(i) for i in range(first, count, threads)]

    with ThreadPoolExecutor(max_workers=threads) as pool:
        batches = list(pool.map(run, range(threads)))
    return [answer for batch in batches for answer in batch]


def logged_out_session(server: Server) -> tuple[requests.Session, str]:
    """A session with the log-in page's CSRF cookie, as a browser has it; and its token."""
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    session.get(server.url + LOGIN, timeout=60).raise_for_status()
    return session, session.cookies["csrftoken"]


# --- the counter ------------------------------------------------------------------------


def test_parallel_hits_on_separate_connections_get_exactly_1_to_50(fresh_counters):
    scope = f"test-{get_random_string(8)}"
    barrier = threading.Barrier(50)

    def count(_: int) -> tuple[int, int]:
        # Each thread has a database connection of its own (Django's are per thread), in
        # autocommit, as each server process has.
        try:
            connection.ensure_connection()
            barrier.wait(timeout=60)
            counted = counters.hit(scope=scope, who="192.0.2.1", rate="1000/h")
            return counted.count, connection.connection.info.backend_pid
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(count, range(50)))

    assert sorted(n for n, _ in answers) == list(range(1, 51))
    assert len({pid for _, pid in answers}) == 50  # 50 connections, not one reused


def test_a_window_allows_the_rate_then_starts_afresh_once_it_has_ended():
    hits = [counters.hit(scope="test-window", who="192.0.2.1", rate="3/h") for _ in range(4)]
    assert [(h.count, h.allowed) for h in hits] == [(1, True), (2, True), (3, True), (4, False)]
    # The window runs an hour from its first hit.
    assert 3590 <= hits[-1].retry_after <= 3600
    assert len({h.window_start for h in hits}) == 1
    # Another client, or the same client for another rate, counts apart.
    assert counters.hit(scope="test-window", who="192.0.2.2", rate="3/h").count == 1
    assert counters.hit(scope="test-window", who="192.0.2.1", rate="5/h").count == 1
    # Once the window has ended, the next hit starts a new one at 1.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_ratecounter SET expires_at = clock_timestamp() - interval '1 s' "
            "WHERE key = %s",
            [hits[0].key],
        )
    again = counters.hit(scope="test-window", who="192.0.2.1", rate="3/h")
    assert (again.count, again.allowed) == (1, True)
    assert again.window_start > hits[0].window_start


def test_a_refund_gives_back_a_hit_of_its_own_window_only():
    first = counters.hit(scope="test-refund", who="a@example.org", rate="2/h")
    counters.refund(first)
    assert counters.hit(scope="test-refund", who="a@example.org", rate="2/h").count == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_ratecounter SET window_start = window_start - interval '1 h', "
            "expires_at = clock_timestamp() - interval '1 s' WHERE key = %s",
            [first.key],
        )
    old = counters.Hit(first.key, 1, 2, first.window_start - timedelta(hours=1), 1)
    fresh = counters.hit(scope="test-refund", who="a@example.org", rate="2/h")
    counters.refund(old)  # its window has ended: the new window keeps its count
    assert counters.hit(scope="test-refund", who="a@example.org", rate="2/h").count == (
        fresh.count + 1
    )


def test_ended_windows_are_pruned_and_running_ones_kept():
    ended = counters.hit(scope="test-prune", who="192.0.2.1", rate="3/h")
    running = counters.hit(scope="test-prune", who="192.0.2.2", rate="3/h")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_ratecounter SET expires_at = clock_timestamp() - interval '1 s' "
            "WHERE key = %s",
            [ended.key],
        )
    assert counters.prune() >= 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key FROM accounts_ratecounter WHERE key IN (%s, %s)",
            [ended.key, running.key],
        )
        assert [row[0] for row in cursor.fetchall()] == [running.key]


@pytest.mark.parametrize(
    "rate,expected",
    [("10/m", (10, 60)), ("100/5m", (100, 300)), ("20/hour", (20, 3600)), ("5/d", (5, 86400))],
)
def test_rates_read_as_env_and_drf_write_them(rate, expected):
    assert counters.parse_rate(rate) == expected


def test_counters_keep_no_address_or_email_in_clear():
    counted = counters.hit(scope="test-clear", who="anna@example.org", rate="3/h")
    assert "anna" not in counted.key and "example" not in counted.key


# --- over real HTTP, requests in flight together ----------------------------------------


@pytest.mark.http_path
def test_sixty_parallel_log_ins_from_one_address_reach_the_password_check_exactly_ten_times(
    serve, committed
):
    server = serve(workers=4)  # the documented default: 10 a minute
    resident = committed(UserFactory, password=PASSWORD)
    sessions = [logged_out_session(server) for _ in range(60)]

    def attempt(i: int) -> requests.Response:
        session, token = sessions[i]
        data = {"email": resident.email, "password": f"wrong-{i}", "csrfmiddlewaretoken": token}
        return session.post(server.url + LOGIN, data=data, timeout=120)

    answers = all_at_once(60, attempt)

    checked = [a for a in answers if a.status_code == 200]
    refused = [a for a in answers if a.status_code == 429]
    assert (len(checked), len(refused)) == (10, 50), server.log_text()
    assert all(WRONG_LOG_IN in a.text for a in checked)
    assert all(0 < int(a.headers["Retry-After"]) <= 60 for a in refused)
    assert all("Too many attempts" in a.text for a in refused)


@pytest.mark.http_path
def test_the_anonymous_api_limit_is_exact_across_two_servers_and_sixteen_parallel_clients(
    serve,
):
    # Two servers on one database, as behind a load balancer: one limit between them.
    servers = [serve(workers=2, ANON_THROTTLE_RATE="30/minute") for _ in range(2)]

    def get(i: int) -> int:
        url = servers[i % 2].url + "/api/v1/public/centres/"
        return requests.get(url, timeout=120).status_code

    statuses = all_at_once(60, get, threads=16)

    assert sorted(statuses) == [200] * 30 + [429] * 30, servers[0].log_text()


@pytest.mark.http_path
def test_parallel_pin_posts_create_exactly_the_rate_and_every_acknowledged_pin(serve, committed):
    from participatie.pins.models import Pin

    server = serve(workers=4, PIN_POST_RATE="5/hour")
    resident = committed(UserFactory, password=PASSWORD)
    token = requests.post(
        server.url + "/api/v1/public/auth/token/",
        json={"email": resident.email, "password": PASSWORD},
        timeout=60,
    )
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Token {token.json()['token']}", "Accept-Language": "en"}
    spot = point_in()

    def post(i: int) -> tuple[str, int]:
        title = f"Losliggende stoeptegel {i:02d}"
        body = {
            "kind": "complaint",
            "category": "straat-en-stoep",
            "title": title,
            "location": {"type": "Point", "coordinates": [spot.x, spot.y]},
        }
        answer = requests.post(
            server.url + "/api/v1/public/pins/", json=body, headers=headers, timeout=120
        )
        return title, answer.status_code

    answers = all_at_once(30, post)

    created = sorted(title for title, code in answers if code == 201)
    assert len(created) == 5, (answers, server.log_text())
    assert sorted(code for _, code in answers if code != 201) == [429] * 25
    stored = Pin.objects.filter(author=resident).values_list("title", flat=True)
    assert sorted(stored) == created


# --- the log-in lock-out ----------------------------------------------------------------

A, B = "198.51.100.7", "203.0.113.9"


def log_in(client, email: str, password: str, address: str):
    return client.post(
        LOGIN,
        {"email": email, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_ten_wrong_passwords_from_one_address_block_it_but_not_the_resident_elsewhere(client):
    resident = UserFactory(password=PASSWORD)
    for attempt in range(10):
        response = log_in(client, resident.email, f"wrong-{attempt}", A)
        assert response.status_code == 200
        assert WRONG_LOG_IN in response.content.decode()

    blocked = log_in(client, resident.email, PASSWORD, A)
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session

    # Address A may still log in to another account (its own, say) ...
    other = UserFactory(password=PASSWORD)
    assert log_in(client, other.email, PASSWORD, A).status_code == 302
    client.post("/account/uitloggen/")
    # ... and the resident logs in from address B.
    response = log_in(client, resident.email.upper(), PASSWORD, B)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_only_wrong_passwords_count_toward_the_bound_per_email_address(client, settings):
    settings.ACCOUNT_RATE_LOGIN_EMAIL = "3/h"
    resident = UserFactory(password=PASSWORD)
    # Right passwords from many places, more often than the bound: never blocked.
    for n in range(5):
        assert log_in(client, resident.email, PASSWORD, f"192.0.2.{n}").status_code == 302
        client.post("/account/uitloggen/")
    # Wrong ones from three addresses reach the bound for every address ...
    for n in range(3):
        assert log_in(client, resident.email, "wrong", f"198.51.100.{n}").status_code == 200
    refused = log_in(client, resident.email, PASSWORD, B)
    assert refused.status_code == 429
    assert 3500 < int(refused["Retry-After"]) <= 3600
    # ... for that e-mail address only.
    assert log_in(client, UserFactory(password=PASSWORD).email, PASSWORD, B).status_code == 302


def test_the_token_endpoint_counts_as_the_log_in_page(client, settings):
    settings.ACCOUNT_RATE_LOGIN = "2/h"
    resident = UserFactory(password=PASSWORD)
    url = "/api/v1/public/auth/token/"
    wrong = {"email": resident.email, "password": "wrong"}
    statuses = [
        client.post(url, wrong, content_type="application/json", REMOTE_ADDR=A).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
    # The page shares the count: A is over the limit for this e-mail address there too.
    assert log_in(client, resident.email, PASSWORD, A).status_code == 429
    right = {"email": resident.email, "password": PASSWORD}
    answer = client.post(url, right, content_type="application/json", REMOTE_ADDR=B)
    assert answer.status_code == 200


@pytest.mark.http_path
def test_behind_a_proxy_the_lock_out_follows_the_address_the_proxy_saw(serve, committed):
    # One proxy in front appends the address it got the request from; whatever a client
    # wrote into X-Forwarded-For before that does not make it someone else.
    server = serve(workers=2, NUM_PROXIES="1")
    resident = committed(UserFactory, password=PASSWORD)

    def log_in_via_proxy(password: str, client: str, claimed: str = "") -> requests.Response:
        session, token = logged_out_session(server)
        forwarded = f"{claimed}, {client}" if claimed else client
        data = {"email": resident.email, "password": password, "csrfmiddlewaretoken": token}
        return session.post(
            server.url + LOGIN,
            data=data,
            headers={"X-Forwarded-For": forwarded},
            allow_redirects=False,
            timeout=60,
        )

    for n in range(10):
        # A rotates what it claims to be; the proxy's entry stays A.
        answer = log_in_via_proxy(f"wrong-{n}", A, claimed=f"192.0.2.{n}")
        assert answer.status_code == 200, server.log_text()
        assert WRONG_LOG_IN in answer.text

    assert log_in_via_proxy(PASSWORD, A, claimed="192.0.2.99").status_code == 429
    logged_in = log_in_via_proxy(PASSWORD, B)
    assert logged_in.status_code == 302
    assert logged_in.headers["Location"] == "/"
