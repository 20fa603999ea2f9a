"""Comments on redesigns are limited per account at the rate of comments on pins (the API's
comment_post scope), counted in PostgreSQL (participatie/accounts/counters.py); over the
limit the form keeps its text."""

from __future__ import annotations

from django.conf import settings
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import ngettext

from participatie.accounts import counters


def comment_over_limit(request: HttpRequest, form: Form) -> bool:
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["comment_post"]
    counted = counters.hit(
        scope="voting:comment", who=counters.account_or_address(request), rate=rate
    )
    if counted.allowed:
        return False
    minutes = max(1, -(-counted.retry_after // 60))
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
