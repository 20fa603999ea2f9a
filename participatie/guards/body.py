"""Bodies over MAX_REQUEST_BODY are refused with a 413 before anything reads them.

A WSGI guard around Django: Django would read a multipart body in full, into a temporary
file, before any view (or the CSRF check) could refuse it. Here a `Content-Length` over the
limit is answered at once, without reading a byte of the body. A chunked body (no
`Content-Length`; gunicorn decodes the chunks and marks the input `wsgi.input_terminated`)
is read into memory up to the limit: one byte more and it is refused, otherwise Django gets
it with its length, as if it had been sent with one. Without this, Django ignores a chunked
body entirely (it reads `Content-Length` bytes, i.e. none).

Only the servers that load `participatie.wsgi` (gunicorn, runserver) pass through here;
Django's test client does not.
"""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.utils import translation

from participatie.guards.refusal import refusal, too_large_message

logger = logging.getLogger(__name__)
READ_BLOCK = 64 * 1024


def _declared_length(environ) -> int | None:
    try:
        return int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _chunked(environ) -> bool:
    encoding = environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    return "chunked" in encoding and bool(environ.get("wsgi.input_terminated"))


def _read_at_most(stream, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        block = stream.read(min(READ_BLOCK, size - len(data)))
        if not block:
            break
        data += block
    return bytes(data)


class BodyLimit:
    """WSGI middleware: `BodyLimit(django_application)`."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        limit = settings.MAX_REQUEST_BODY
        length = _declared_length(environ)
        if length is not None:
            if length > limit:
                return self._refuse(environ, start_response, limit, length)
        elif _chunked(environ):
            body = _read_at_most(environ["wsgi.input"], limit + 1)
            if len(body) > limit:
                return self._refuse(environ, start_response, limit, None)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.application(environ, start_response)

    def _refuse(self, environ, start_response, limit: int, length: int | None):
        logger.warning(
            "Refused a request body over %s bytes: %s %s (Content-Length %s)",
            limit,
            environ.get("REQUEST_METHOD"),
            environ.get("PATH_INFO"),
            "none, chunked" if length is None else length,
        )
        # A request without its body, only to pick the visitor's language (cookie or
        # Accept-Language) as the locale middleware would.
        headers_only = {**environ, "wsgi.input": io.BytesIO(), "CONTENT_LENGTH": "0"}
        request = WSGIRequest(headers_only)
        with translation.override(translation.get_language_from_request(request)):
            response = refusal(
                request.path_info,
                413,
                too_large_message(limit),
                accept=request.headers.get("Accept", ""),
            )
        response["Content-Length"] = str(len(response.content))
        status = f"{response.status_code} {response.reason_phrase}"
        start_response(status, list(response.items()))
        return [response.content]
