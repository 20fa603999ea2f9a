"""NUL characters (%00) in the address: a 400 with a message, in one place.

PostgreSQL refuses NUL in text, so a `?category=%00` that reaches a query is a 500, and so
is a NUL in a path segment that names an area. No page, filter or API parameter has a use
for it: the request is refused before any view sees it."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from participatie.guards.refusal import refusal


def has_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    return "\x00" in request.path_info or b"\x00" in unquote_to_bytes(query)


def fields_with_nul(request: HttpRequest) -> list[str]:
    """The query parameters whose name or value holds a NUL (names without it)."""
    return [
        name.replace("\x00", "")
        for name, values in request.GET.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    ]


class NulCharacterMiddleware:
    """Early in MIDDLEWARE (before whitenoise, which would look the path up on disk)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if has_nul(request):
            # Before the locale middleware: pick the language as it would.
            with translation.override(translation.get_language_from_request(request)):
                message = _(
                    "The address contains a NUL character (character code 0), which no page or "
                    "search accepts. Remove it and try again."
                )
                # For the API, which parameter it is, as every 400 about input says.
                errors = {name: [message] for name in fields_with_nul(request)}
                if "\x00" in request.path_info or not errors:
                    errors["non_field_errors"] = [message]
                return refusal(
                    request.path_info,
                    400,
                    message,
                    errors,
                    accept=request.headers.get("Accept", ""),
                )
        return self.get_response(request)
