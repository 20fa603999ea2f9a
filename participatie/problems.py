"""Errors of the machine-readable endpoints (/api/, /tiles/) in one shape: RFC 9457 problem
details, `application/problem+json`.

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "Some fields are not valid; see errors.",
     "errors": {"title": ["This field may not be blank."]}}

`type` is always "about:blank": the status code says what kind of problem it is, `title` is
its standard phrase, `detail` says what went wrong in this request (in the request's
language), and field messages are in the extension member `errors` ({field: [messages]},
`non_field_errors` for the request as a whole), never at the top level, where a field called
`title` or `status` would collide with the members above.

Used by the API's exception handler (api/errors.py), the project's error handlers
(participatie/handlers.py) and the views and middleware outside DRF that answer under these
paths (tiles, the two-step log-in). Nothing here touches the database: it also answers when
PostgreSQL is down.
"""

from __future__ import annotations

import functools
import json
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

CONTENT_TYPE = "application/problem+json"
# Addresses whose errors are problem details; every other error is an HTML page.
API_PREFIXES = ("/api/", "/tiles/")
# The Swagger UI page is HTML; its errors are pages too.
HTML_UNDER_API = ("/api/docs/",)
# A client may try again after this many seconds when the database is unreachable.
RETRY_AFTER_SECONDS = 30


def is_api(request: HttpRequest) -> bool:
    path = request.path_info or request.path
    return path.startswith(API_PREFIXES) and not path.startswith(HTML_UNDER_API)


def title_of(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(status: int, detail: str | None = None, *, errors: dict | None = None) -> dict:
    body = {
        "type": "about:blank",
        "title": title_of(status),
        "status": status,
        "detail": str(detail) if detail else default_detail(status),
    }
    if errors:
        body["errors"] = errors
    return body


def default_detail(status: int) -> str:
    # Lazily looked up so the words follow the request's language.
    details = {
        400: _("The request is not valid."),
        401: _("Log in first."),
        403: _("You may not do this."),
        404: _("There is nothing at this address."),
        405: _("This method is not allowed at this address."),
        413: _("The request is too large."),
        429: _("Too many requests. Try again later."),
        500: _("Something went wrong on our side. Please try again in a moment."),
        503: _("The service is temporarily unavailable. Please try again in a moment."),
    }
    return details.get(status, title_of(status))


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    errors: dict | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = json.dumps(problem(status, detail, errors=errors), ensure_ascii=False)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPE, headers=headers)
    # An error is about this request: no shared cache keeps it.
    response.setdefault("Cache-Control", "no-store")
    return response


def validation_problem(errors: dict, status: int = 400) -> HttpResponse:
    """Field errors ({field: [messages]}) as a 400 problem."""
    return problem_response(status, validation_summary(errors), errors=errors)


def validation_summary(errors: dict) -> str:
    """`detail` for field errors: the messages about the whole request, else a pointer to
    `errors` (a field's message alone does not say which field it is about)."""
    general = errors.get("non_field_errors")
    if isinstance(general, list) and general and all(isinstance(m, str) for m in general):
        return " ".join(str(message) for message in general)
    return _("Some fields are not valid; see errors.")


def get_only(view):
    """Like Django's require_GET, with the 405 as problem details."""

    @functools.wraps(view)
    def inner(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return problem_response(405, headers={"Allow": "GET, HEAD"})
        return view(request, *args, **kwargs)

    return inner


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: problem details for the API, a short page for everyone else.

    Rendered without a request context: context processors, the session and the user all
    need the database that is down."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if is_api(request):
        return problem_response(503, headers=headers)
    from django.template import loader

    html = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
    return HttpResponse(html, status=503, headers=headers)
