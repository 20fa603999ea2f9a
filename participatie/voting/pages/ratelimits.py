"""Comments on redesigns are limited per account at the rate of comments on pins (the API's
comment_post scope), counted in the cache; over the limit the form keeps its text."""

from __future__ import annotations

from django.conf import settings
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage


def _rate() -> str:
    count, period = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["comment_post"].split("/")
    return f"{count}/{period[0]}"


def comment_over_limit(request: HttpRequest, form: Form) -> bool:
    usage = get_usage(request, group="voting:comment", key="user", rate=_rate(), increment=True)
    if not usage or not usage["should_limit"]:
        return False
    minutes = max(1, -(-int(usage["time_left"]) // 60))
    form.add_error(
        None,
        ngettext(
            "You have posted a lot in a short time. Please try again in %(minutes)s minute.",
            "You have posted a lot in a short time. Please try again in %(minutes)s minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return True
