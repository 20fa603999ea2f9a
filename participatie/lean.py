"""Public vector tiles without the visitor's middleware (wsgi.py).

A tile (`/tiles/<layer>/<z>/<x>/<y>.pbf`, maps.tiles) is the same for everyone who asks: a
layer reads no request user and no session (maps/tiles/layers.py). The full stack still
spends part of every tile on the session, CSRF, the log-in, the second factor and the
messages. A GET or HEAD for a tile of a registered layer from a visitor who sends no
session cookie is therefore answered by a handler whose middleware list is
settings.MIDDLEWARE without those six (`VISITOR_MIDDLEWARE`): the security headers, CSP,
the NUL guard, whitenoise, gzip, the language, CommonMiddleware and X-Frame-Options all
stay, in their order. Everything else takes the full stack: any other address, a tile asked
for with a session cookie (a signed-in user; a staff member before the second factor, who
gets the 403), or with a CSRF cookie the CSRF middleware would replace.

The answer is the full stack's, header for header (tests/participatie/test_lean.py):
without a session cookie the visitor is anonymous, and the full stack reads the (empty)
session on every request when STAFF_TWO_FACTOR is on (StaffTwoFactorMiddleware asks who
the user is), so its answer varies on Cookie; `AnonymousVisitor` adds the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signals
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import parse_cookie
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CSRF_TOKEN_LENGTH
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from maps.tiles.layers import LAYERS
from maps.tiles.sql import MAX_ZOOM
from maps.tiles.views import UNKEYED, accepts_gzip, representation, sent_filter, tile_content

SESSION_MIDDLEWARE = "django.contrib.sessions.middleware.SessionMiddleware"
# What a request without a session cookie does not need.
VISITOR_MIDDLEWARE = frozenset(
    {
        SESSION_MIDDLEWARE,
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "participatie.accounts.middleware.StaffTwoFactorMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    }
)
# The tile URL (maps/tiles/urls.py: LayerConverter and <int:...>).
TILE_PATH = re.compile(r"/tiles/([a-z][a-z-]*)/([0-9]+)/([0-9]+)/([0-9]+)\.pbf")
_CSRF_COOKIE = re.compile(
    f"[{re.escape(CSRF_ALLOWED_CHARS)}]{{{CSRF_SECRET_LENGTH}}}"
    f"|[{re.escape(CSRF_ALLOWED_CHARS)}]{{{CSRF_TOKEN_LENGTH}}}"
)


def is_public_tile(environ: dict) -> bool:
    """Whether a request may take the lean path: a GET/HEAD of a registered layer's tile
    from a visitor without a session cookie (and without a malformed CSRF cookie, which
    the full stack would answer with a new one)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    match = TILE_PATH.fullmatch(environ.get("PATH_INFO", ""))
    if match is None or match.group(1) not in LAYERS:
        return False
    header = environ.get("HTTP_COOKIE")
    if not header:
        return True
    cookies = parse_cookie(header)
    if settings.SESSION_COOKIE_NAME in cookies or settings.CSRF_USE_SESSIONS:
        return False
    csrf = cookies.get(settings.CSRF_COOKIE_NAME)
    return csrf is None or _CSRF_COOKIE.fullmatch(csrf) is not None


class AnonymousVisitor:
    """In the place of SessionMiddleware: the visitor is anonymous, and the answer varies
    on Cookie where the full stack's does (it reads the session for STAFF_TWO_FACTOR)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = AnonymousUser()
        response = self.get_response(request)
        if settings.STAFF_TWO_FACTOR:
            patch_vary_headers(response, ("Cookie",))
        return response


def lean_middleware() -> list[str]:
    return [
        "participatie.lean.AnonymousVisitor" if path == SESSION_MIDDLEWARE else path
        for path in settings.MIDDLEWARE
        if path == SESSION_MIDDLEWARE or path not in VISITOR_MIDDLEWARE
    ]


class LeanMiddleware:
    """A handler mixin: Django's BaseHandler.load_middleware (synchronous) over
    lean_middleware() instead of settings.MIDDLEWARE."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(lean_middleware()):
            try:
                instance = import_string(path)(handler)
            except MiddlewareNotUsed:
                continue
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


class PublicTileHandler(LeanMiddleware, WSGIHandler):
    pass


@dataclass(frozen=True)
class Framing:
    """The status line and headers of a tile answer but its ETag and Content-Length (None
    in their places, which are kept), as the lean handler gave them."""

    status: str
    headers: tuple[tuple[str, str | None], ...]


PER_TILE = frozenset({"etag", "content-length"})


class NotCached(Exception):
    """A filtered tile the cache does not hold: the view validates its filter (a bad value
    is a 400) and renders it."""


def _not_cached():
    raise NotCached


class TileResponder:
    """WSGI, in front of the lean handler: a public tile (the map's own requests) answered
    without Django's request handling — the URL resolver, the middleware chain, the
    response object — which cost more than the SQL of most tiles. A tile without a filter
    is rendered or read from the cache; a filtered one (the map asks every layer but the
    pins for `?area=<municipality>`) is answered from the cache only.

    The tile is the view's (maps.tiles.views: the same cache, statement and
    representation). Its headers are the lean handler's: they come from the middleware and
    the view, and depend on the request only through the key of `_key` (layer, method,
    status, encoding, whether gzip is accepted and the tile is empty, language, TLS, host);
    the first request of each key is handed to the lean handler and its headers, but the
    ETag and Content-Length, are kept for the key. Anything else — a filtered tile not in
    the cache (its filter is validated there), `bbox` or `limit` sent (checked there), a
    tile out of range, a host Django refuses, an answer other than 200/304, any error —
    goes to the lean handler as before. Django's request_started and request_finished
    signals are sent as its handler sends them (the database connections are checked and
    closed by them)."""

    MAX_KEYS = 512

    def __init__(self, lean):
        self.lean = lean
        self.framings: dict[tuple, Framing] = {}
        self.locale = LocaleMiddleware(lambda request: None)

    def __call__(self, environ, start_response):
        match = TILE_PATH.fullmatch(environ.get("PATH_INFO", ""))
        if match is None or settings.DISALLOWED_USER_AGENTS:
            return self.lean(environ, start_response)
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            answer = self._answer(environ, match)
        except Exception:
            answer = None
        finally:
            translation.deactivate()
            signals.request_finished.send(sender=self.__class__)
        if answer is None:
            return self.lean(environ, start_response)
        key, content, etag = answer
        framing = self.framings.get(key)
        if framing is None:
            return self._learn(key, environ, start_response)
        headers = [
            (name, etag if name == "ETag" else str(len(content)) if value is None else value)
            for name, value in framing.headers
        ]
        start_response(framing.status, headers)
        return [content]

    def _answer(self, environ, match) -> tuple[tuple, bytes, str] | None:
        layer, z, x, y = match.group(1), *map(int, match.group(2, 3, 4))
        if z > MAX_ZOOM or x >= 2**z or y >= 2**z:
            return None  # the view's 400
        request = WSGIRequest(environ)
        host = request.get_host()  # DisallowedHost: the lean handler's 400
        self.locale.process_request(request)
        language = translation.get_language()
        spec = LAYERS[layer]
        query = request.GET
        if not query.keys().isdisjoint(UNKEYED):
            return None  # checked by the view's filter set first
        variant = f"{language}|{sent_filter(request, spec)}"
        filtered = spec.filterset is not None and not query.keys().isdisjoint(
            spec.filterset.base_filters
        )
        body, stored, etag = tile_content(
            layer, spec, z, x, y, language=language, variant=variant,
            rows=_not_cached if filtered else lambda: ({}, spec.queryset),
        )  # fmt: skip
        accepts = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        status, content, encoding, etag = representation(
            body,
            stored,
            etag,
            gzip_accepted=accepts,
            if_none_match=environ.get("HTTP_IF_NONE_MATCH", ""),
        )
        key = (
            layer, environ["REQUEST_METHOD"], status, encoding, accepts, bool(body or stored),
            language, request.is_secure(), host,
        )  # fmt: skip
        return key, content, etag

    def _learn(self, key, environ, start_response):
        """The lean handler's answer, its headers kept for `key` when it is the answer the
        key describes (the same status and encoding)."""
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, list(headers)
            return start_response(status, headers, exc_info)

        result = self.lean(environ, capture)
        status, headers = seen.get("status", ""), seen.get("headers", [])
        names = {name.lower(): value for name, value in headers}
        if (
            status.split(" ", 1)[0] == str(key[2])
            and names.get("content-encoding") == key[3]
            and "etag" in names
            and "set-cookie" not in names
            and len(self.framings) < self.MAX_KEYS
        ):
            self.framings[key] = Framing(
                status,
                tuple(
                    (name, None if name.lower() in PER_TILE else value) for name, value in headers
                ),
            )
        return result


class PublicTiles:
    """WSGI: public tiles to the lean handler, everything else to `application`. (Any
    handler pair with the same call works: the tests route Django's test client this way.)
    By default the lean handler sits behind the TileResponder."""

    def __init__(self, application, lean=None):
        self.application = application
        self.lean = lean if lean is not None else TileResponder(PublicTileHandler())

    def __call__(self, environ, *args):
        if is_public_tile(environ):
            return self.lean(environ, *args)
        return self.application(environ, *args)
