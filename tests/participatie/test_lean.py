"""Public tiles on the lean path (participatie/lean.py): the full stack's answer, header for
header, and the full stack for everyone whom the answer could depend on."""

import gzip

import pytest
from django.conf import settings
from django.test import Client
from django.test.client import ClientHandler
from django.utils import translation

from participatie.lean import (
    VISITOR_MIDDLEWARE,
    LeanMiddleware,
    PublicTiles,
    is_public_tile,
    lean_middleware,
)
from participatie.pins.models import Pin
from tests.maps.tiles import features, tile_for
from tests.participatie.factories import BuurtteamFactory, pin_create

pytestmark = pytest.mark.django_db

# A valid CSRF cookie (32 letters/digits) and one the CSRF middleware would replace.
GOOD_CSRF = "a" * 32
BAD_CSRF = "not-a-token"


class LeanClientHandler(LeanMiddleware, ClientHandler):
    calls = 0

    def __call__(self, environ):
        self.calls += 1
        return super().__call__(environ)


def full_client() -> Client:
    return Client()


def lean_client() -> Client:
    client = Client()
    client.handler = LeanClientHandler(enforce_csrf_checks=False)
    return client


def routed_client() -> tuple[Client, LeanClientHandler]:
    """Django's test client routed as participatie/wsgi.py routes a server's requests."""
    client = Client()
    lean = LeanClientHandler(enforce_csrf_checks=False)
    client.handler = PublicTiles(client.handler, lean=lean)
    return client, lean


def get(client, path, method="get", **kwargs):
    # The locale middleware leaves the request's language active in this thread.
    with translation.override(settings.LANGUAGE_CODE):
        return getattr(client, method)(path, **kwargs)


def answer(response) -> tuple:
    cookies = {name: morsel.OutputString() for name, morsel in response.cookies.items()}
    return response.status_code, dict(response.headers), cookies, response.content


@pytest.fixture
def pin(resident):
    return pin_create(resident, title="Losse stoeptegel")


def pin_path(pin, z=16) -> str:
    z, x, y = tile_for(pin.geom.x, pin.geom.y, z)
    return f"/tiles/pins/{z}/{x}/{y}.pbf"


def test_the_lean_list_is_the_full_one_without_the_visitor_middleware():
    lean = lean_middleware()
    kept = [path for path in settings.MIDDLEWARE if path not in VISITOR_MIDDLEWARE]
    assert [path for path in lean if path != "participatie.lean.AnonymousVisitor"] == kept
    session = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert lean.index("participatie.lean.AnonymousVisitor") == session
    # The security headers, CSP, gzip and the language are all still there.
    for needed in (
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
        "participatie.compression.GZipMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ):
        assert needed in lean


@pytest.mark.parametrize("two_factor", [True, False])
def test_a_public_tile_on_the_lean_path_is_the_full_stacks_answer(settings, pin, two_factor):
    settings.STAFF_TWO_FACTOR = two_factor
    path = pin_path(pin)
    first = get(full_client(), path)
    assert first.status_code == 200
    etag = first["ETag"]
    cases = [
        {},
        {"headers": {"Accept-Encoding": "gzip"}},
        {"headers": {"If-None-Match": etag}},
        {"headers": {"Accept-Language": "en"}},
        {"headers": {"Accept-Language": "en;q=0.1, nl"}},
        {"headers": {"Cookie": f"{settings.LANGUAGE_COOKIE_NAME}=en; csrftoken={GOOD_CSRF}"}},
        {"data": {"kind": "complaint"}},
        {"data": {"kind": "complaint", "junk": "1"}, "headers": {"Accept-Encoding": "gzip"}},
        {"data": {"kind": "nonsense"}},
        {"data": {"bbox": "1,2"}},
        {"method": "head"},
    ]
    for index, case in enumerate(cases):
        # The lean path answers first every other time, so it renders as well as reads.
        order = [full_client(), lean_client()]
        if index % 2:
            order.reverse()
        answers = [answer(get(client, path, **case)) for client in order]
        assert answers[0] == answers[1], case
    for bad in ("/tiles/pins/25/0/0.pbf", "/tiles/pins/2/4/0.pbf"):
        assert answer(get(lean_client(), bad)) == answer(get(full_client(), bad))
        assert get(lean_client(), bad).status_code == 400
    # The answers above are the pin's tile, not an empty one, and vary on Cookie exactly
    # when the full stack's do.
    lean = get(lean_client(), path, headers={"Accept-Encoding": "gzip"})
    titles = [f["properties"]["title"] for f in features(gzip.decompress(lean.content), "pins")]
    assert "Losse stoeptegel" in titles
    assert ("Cookie" in lean["Vary"]) is two_factor


def test_the_lean_path_answers_in_the_language_asked_for(pin):
    z16 = pin_path(pin)
    status = Pin.Status(pin.status)
    with translation.override("en"):
        english = str(status.label)
    with translation.override("nl"):
        dutch = str(status.label)
    assert english != dutch
    for headers, language, label in [
        ({}, "nl", dutch),
        ({"Accept-Language": "en"}, "en", english),
        ({"Accept-Language": "en-GB,en;q=0.8"}, "en", english),
        ({"Accept-Language": "de, en;q=0.5"}, "en", english),
        ({"Accept-Language": "de"}, "nl", dutch),
        ({"Cookie": f"{settings.LANGUAGE_COOKIE_NAME}=en"}, "en", english),
        ({"Cookie": f"{settings.LANGUAGE_COOKIE_NAME}=nl", "Accept-Language": "en"}, "nl", dutch),
    ]:
        client, lean = routed_client()
        response = get(client, z16, headers=headers)
        assert lean.calls == 1, headers
        assert response["Content-Language"] == language, headers
        found = features(response.content, "pins")
        ours = [f for f in found if f["properties"]["id"] == pin.public_id]
        assert [f["properties"]["status_label"] for f in ours] == [label], headers


def test_a_visitor_without_a_session_takes_the_lean_path(pin):
    client, lean = routed_client()
    assert get(client, pin_path(pin)).status_code == 200
    client.cookies.load({"csrftoken": GOOD_CSRF})
    assert get(client, pin_path(pin, 14)).status_code == 200
    assert lean.calls == 2


def test_a_staff_member_before_the_code_still_gets_the_403(pin):
    client, lean = routed_client()
    client.force_login(BuurtteamFactory())
    response = get(client, pin_path(pin))
    assert response.status_code == 403
    assert "authenticator" in response.json()["detail"]
    assert lean.calls == 0


def test_a_signed_in_resident_takes_the_full_stack(pin, resident):
    client, lean = routed_client()
    client.force_login(resident)
    response = get(client, pin_path(pin))
    assert response.status_code == 200
    assert "Losse stoeptegel" in [
        f["properties"]["title"] for f in features(response.content, "pins")
    ]
    assert lean.calls == 0


def test_a_malformed_csrf_cookie_takes_the_full_stack_which_replaces_it(pin):
    client, lean = routed_client()
    client.cookies.load({"csrftoken": BAD_CSRF})
    response = get(client, pin_path(pin))
    assert response.status_code == 200
    assert lean.calls == 0
    # Why: the full stack answers with a fresh CSRF cookie, which the lean path would not.
    assert response.cookies[settings.CSRF_COOKIE_NAME].value not in ("", BAD_CSRF)


def test_other_methods_and_addresses_take_the_full_stack(pin):
    client, lean = routed_client()
    assert get(client, pin_path(pin), method="post").status_code == 405
    assert get(client, "/tiles/pins.json").status_code == 200
    assert get(client, "/tiles/nosuchlayer/1/0/0.pbf").status_code == 404
    assert lean.calls == 0


@pytest.mark.parametrize(
    "method, path, cookie, public",
    [
        ("GET", "/tiles/pins/14/8534/5397.pbf", "", True),
        ("HEAD", "/tiles/areas/10/526/336.pbf", "", True),
        ("GET", "/tiles/pins/14/8534/5397.pbf", f"csrftoken={GOOD_CSRF}; django_language=en", True),
        ("GET", "/tiles/pins/14/8534/5397.pbf", f"csrftoken={'b' * 64}", True),
        ("GET", "/tiles/pins/14/8534/5397.pbf", "sessionid=abc", False),
        ("GET", "/tiles/pins/14/8534/5397.pbf", f"csrftoken={BAD_CSRF}", False),
        ("POST", "/tiles/pins/14/8534/5397.pbf", "", False),
        ("OPTIONS", "/tiles/pins/14/8534/5397.pbf", "", False),
        ("GET", "/tiles/nosuchlayer/14/8534/5397.pbf", "", False),
        ("GET", "/tiles/pins.json", "", False),
        ("GET", "/tiles/pins/14/8534/5397.pbf/", "", False),
        ("GET", "/tiles/pins/-1/0/0.pbf", "", False),
        ("GET", "/api/v1/public/pins/", "", False),
    ],
)
def test_which_requests_are_public_tiles(method, path, cookie, public):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    assert is_public_tile(environ) is public
