"""Limits on residents' posts made through the pages, per account, at the rates the API
uses for the same actions (REST_FRAMEWORK DEFAULT_THROTTLE_RATES: pin_post, comment_post)
and in the same counters (participatie/accounts/counters.py, api/throttling.py): a page and
the API share one rate. Over the limit, the form comes back with the input kept and a
message, not an error page.
"""

from __future__ import annotations

from django.conf import settings
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import ngettext

from participatie.accounts import counters


def over_limit(request: HttpRequest, scope: str, form: Form) -> bool:
    """Count one post; when over the limit, say so on the form and return True."""
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]
    counted = counters.hit(scope=scope, who=counters.account_or_address(request), rate=rate)
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
