"""The answer to refused input: problem details under /api/ and /tiles/, a short page in the
visitor's language elsewhere. Rendered without a request context (no session, no user, no
database): it also answers before Django has looked at the request at all."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from participatie.problems import API_PREFIXES, HTML_UNDER_API, problem_response


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES) and not path.startswith(HTML_UNDER_API)


def wants_json(accept: str) -> bool:
    """The page scripts ask the JSON endpoints among the pages (`/meldingen/plek/`, a
    support) with `Accept: application/json`; a browser's own request asks for HTML."""
    return "application/json" in accept and "text/html" not in accept


def refusal(
    path: str, status: int, message: str, errors: dict | None = None, *, accept: str = ""
) -> HttpResponse:
    """`errors` ({field: [messages]}) goes with problem details only; a page shows `message`,
    a page's JSON endpoint gets it as `{"error": message}`, as its own refusals are."""
    if is_api_path(path):
        return problem_response(status, message, errors=errors)
    if wants_json(accept):
        return JsonResponse(
            {"error": message}, status=status, headers={"Cache-Control": "no-store"}
        )
    titles = {400: _("This request cannot be handled"), 413: _("Too large to send")}
    html = loader.get_template("refused.html").render(
        {"title": titles.get(status, titles[400]), "message": message}
    )
    return HttpResponse(html, status=status, headers={"Cache-Control": "no-store"})


def too_large_message(limit: int) -> str:
    megabytes = round(limit / 1048576, 1)
    return _("The request is too large: at most %(mb)s MB.") % {"mb": f"{megabytes:g}"}
