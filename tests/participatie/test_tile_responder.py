"""The tile responder (participatie/lean.py): a public tile (a filtered one from the cache
only) answered outside Django's request handling, with the lean handler's answer byte for
byte and header for header; everything else handed to the lean handler.

WSGI in-process: the responder and the lean handler are called with the same environ,
as gunicorn calls participatie/wsgi.py."""

import gzip

import pytest
from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils import translation

from participatie.lean import PublicTileHandler, TileResponder
from tests.maps.tiles import features
from tests.participatie import test_lean
from tests.participatie.factories import pin_create

pytestmark = pytest.mark.django_db

# The same pin and tile as the lean handler's tests.
pin = test_lean.pin
pin_path = test_lean.pin_path


class Counting:
    """A WSGI app that counts the requests it is given."""

    def __init__(self, app):
        self.app = app
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.app(environ, start_response)


def call(app, path, method="GET", headers=None) -> tuple[str, list, bytes]:
    """One request, as a WSGI server makes it: the status line, the headers (sorted, names in
    lower case) and the body. The test's transaction stays open: the signals' connection
    check is off for the call, as Django's test client turns it off."""
    environ = RequestFactory().generic(method, path, headers=headers or {}).environ
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = status, response_headers

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            result = app(environ, start_response)
            body = b"".join(result)
            if hasattr(result, "close"):
                result.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return seen["status"], sorted((name.lower(), value) for name, value in seen["headers"]), body


def titles(body: bytes, encoded: bool) -> list[str]:
    raw = gzip.decompress(body) if encoded else body
    return [feature["properties"]["title"] for feature in features(raw, "pins")]


@pytest.mark.parametrize("two_factor", [True, False])
def test_the_responder_answers_as_the_lean_handler_and_without_it_the_second_time(
    settings, pin, two_factor
):
    settings.STAFF_TWO_FACTOR = two_factor
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    path = pin_path(pin)
    lean = PublicTileHandler()
    status, headers, _ = call(lean, path)
    etag = dict(headers)["etag"]
    gz_etag = dict(call(lean, path, headers={"Accept-Encoding": "gzip"})[1])["etag"]
    assert status.startswith("200") and gz_etag != etag
    empty = "/tiles/pins/16/32768/32768.pbf"  # the sea off Africa: no pin
    # The last item: whether the request is of a kind not asked for before (its headers
    # are learned from the lean handler), or of one already seen (answered without it).
    cases = [
        (path, "GET", {}, True),
        (path, "GET", {"Accept-Encoding": "gzip"}, True),
        (path, "GET", {"Accept-Encoding": "gzip, deflate, br"}, False),
        (path, "GET", {"If-None-Match": etag}, True),
        (path, "GET", {"If-None-Match": gz_etag, "Accept-Encoding": "gzip"}, True),
        (path, "GET", {"Accept-Language": "en"}, True),
        (path, "GET", {"Cookie": f"{settings.LANGUAGE_COOKIE_NAME}=en"}, False),
        (path, "GET", {"X-Forwarded-Proto": "https"}, True),
        (path, "HEAD", {"Accept-Encoding": "gzip"}, True),
        (empty, "GET", {"Accept-Encoding": "gzip"}, True),
        (empty, "GET", {}, True),
    ]
    behind = Counting(PublicTileHandler())
    responder = TileResponder(behind)
    for path_, method, headers, new_kind in cases:
        expected = call(lean, path_, method, headers)
        before = behind.calls
        first = call(responder, path_, method, headers)
        second = call(responder, path_, method, headers)
        assert first == expected, (path_, method, headers)
        assert second == expected, (path_, method, headers)
        # The first of a kind is the lean handler's; the second is answered without it.
        assert behind.calls == before + new_kind, (path_, method, headers)
    # The answers compared are the pin's tile in both encodings, not empty ones.
    plain = call(responder, path)
    packed = call(responder, path, headers={"Accept-Encoding": "gzip"})
    assert "Losse stoeptegel" in titles(plain[2], encoded=False)
    assert titles(packed[2], encoded=True) == titles(plain[2], encoded=False)
    assert ("content-encoding", "gzip") in packed[1]
    assert ("cookie" in dict(plain[1])["vary"].lower()) is two_factor
    assert dict(call(responder, path, headers={"Accept-Language": "en"})[1])[
        "content-language"
    ] == ("en")
    secure = dict(call(responder, path, headers={"X-Forwarded-Proto": "https"})[1])
    assert ("strict-transport-security" in secure) is (settings.SECURE_HSTS_SECONDS > 0)
    assert behind.calls == sum(new_kind for *_, new_kind in cases)


def test_the_same_kind_of_request_for_another_tile_is_answered_without_the_handler(pin):
    behind = Counting(PublicTileHandler())
    responder = TileResponder(behind)
    z14 = pin_path(pin, z=14)
    call(responder, pin_path(pin), headers={"Accept-Encoding": "gzip"})
    status, headers, body = call(responder, z14, headers={"Accept-Encoding": "gzip"})
    assert behind.calls == 1
    assert (status, headers, body) == call(
        PublicTileHandler(), z14, headers={"Accept-Encoding": "gzip"}
    )
    assert "Losse stoeptegel" in titles(body, encoded=True)


def test_a_filtered_tile_in_the_cache_is_answered_without_the_handler(pin):
    """The map asks its layers for `?area=<code>`: the first request of a filter renders
    the tile in the view (which validates the filter); the next ones are the cache's, the
    same bytes and headers, answered without the handler once the headers of their kind
    are learned (the first hit of a kind); another filter never gets this filter's tile."""
    assert pin.kind == "complaint"
    own = pin_path(pin) + "?kind=complaint"
    other = pin_path(pin) + "?kind=idea"
    lean = PublicTileHandler()
    behind = Counting(PublicTileHandler())
    responder = TileResponder(behind)
    for headers in ({}, {"Accept-Encoding": "gzip"}, {"Accept-Language": "en"}):
        first = call(responder, own, headers=headers)  # a miss: the view renders, stores
        if not headers:
            assert behind.calls == 1
        learning = call(responder, own, headers=headers)  # a hit, maybe of a new kind
        before = behind.calls
        again = call(responder, own, headers=headers)
        # Another spelling of the same filter (an unknown parameter, another order) is
        # the same cache entry.
        respelled = call(responder, own + "&junk=1", headers=headers)
        assert behind.calls == before, headers
        expected = call(lean, own, headers=headers)
        assert first == learning == again == respelled == expected, headers
    plain = call(responder, own)
    assert "Losse stoeptegel" in titles(plain[2], encoded=False)
    # The other filter's tile: rendered by the view once, then the cache's (a kind
    # already learned); without the pin.
    calls = behind.calls
    assert call(responder, other) == call(responder, other) == call(lean, other)
    assert behind.calls == calls + 1
    assert "Losse stoeptegel" not in titles(call(responder, other)[2], encoded=False)


@pytest.mark.parametrize(
    "path, headers, status",
    [
        ("/tiles/pins/16/0/0.pbf?kind=nonsense", {}, "400"),  # a bad filter: the view's
        ("/tiles/pins/16/0/0.pbf?kind=idea&limit=5", {}, "200"),  # checked by the view
        ("/tiles/pins/16/0/0.pbf?bbox=0,0,1,1", {}, "200"),
        ("/tiles/pins/25/0/0.pbf", {}, "400"),  # beyond the last zoom
        ("/tiles/pins/2/4/0.pbf", {}, "400"),  # x beyond the zoom's tiles
        ("/tiles/pins/16/0/0.pbf", {"Host": "evil.example"}, "400"),  # a host Django refuses
        ("/tiles/pins.json", {}, "200"),
    ],
)
def test_everything_else_goes_to_the_lean_handler(path, headers, status):
    behind = Counting(PublicTileHandler())
    responder = TileResponder(behind)
    for _ in range(2):  # never learned: each time the handler's
        answer = call(responder, path, headers=headers)
        assert answer == call(PublicTileHandler(), path, headers=headers)
        assert answer[0].startswith(status)
    assert behind.calls == 2


def test_a_filtered_tile_shows_a_new_pin_the_moment_it_is_committed(
    pin, django_capture_on_commit_callbacks
):
    """The cached filtered tile the responder answers from is purged by the write, as the
    view's is: the next request renders it again, with the new pin."""
    own = pin_path(pin) + "?kind=complaint"
    responder = TileResponder(PublicTileHandler())
    for _ in range(3):  # rendered, learned, then answered from the cache
        before = titles(call(responder, own)[2], encoded=False)
    assert "Kapotte lantaarnpaal" not in before
    with django_capture_on_commit_callbacks(execute=True):
        pin_create(pin.author, title="Kapotte lantaarnpaal", geom=pin.geom)
    after = titles(call(responder, own)[2], encoded=False)
    assert sorted(after) == sorted([*before, "Kapotte lantaarnpaal"])
