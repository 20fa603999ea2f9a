"""The answer to refused input: problem details under /api/ and /tiles/, a short page in the
visitor's language elsewhere. Rendered without a request context (no session, no user, no
database): it also answers before Django has looked at the request at all."""

from __future__ import annotations

from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from participatie.problems import API_PREFIXES, HTML_UNDER_API, problem_response


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES) and not path.startswith(HTML_UNDER_API)


def refusal(path: str, status: int, message: str, errors: dict | None = None) -> HttpResponse:
    """`errors` ({field: [messages]}) goes with problem details only; a page shows `message`."""
    if is_api_path(path):
        return problem_response(status, message, errors=errors)
    titles = {400: _("This request cannot be handled"), 413: _("Too large to send")}
    html = loader.get_template("refused.html").render(
        {"title": titles.get(status, titles[400]), "message": message}
    )
    return HttpResponse(html, status=status, headers={"Cache-Control": "no-store"})


def too_large_message(limit: int) -> str:
    megabytes = round(limit / 1048576, 1)
    return _("The request is too large: at most %(mb)s MB.") % {"mb": f"{megabytes:g}"}
