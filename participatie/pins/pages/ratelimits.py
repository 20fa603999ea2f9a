"""Limits on residents' posts made through the pages, per account, at the rates the API
uses for the same actions (REST_FRAMEWORK DEFAULT_THROTTLE_RATES: pin_post, comment_post).
Over the limit, the form comes back with the input kept and a message, not an error page.
"""

from __future__ import annotations

from django.conf import settings
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage


def _rate(scope: str) -> str:
    """DRF's "20/hour" as django-ratelimit's "20/h"."""
    count, period = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope].split("/")
    return f"{count}/{period[0]}"


def over_limit(request: HttpRequest, scope: str, form: Form) -> bool:
    """Count one post; when over the limit, say so on the form and return True."""
    usage = get_usage(request, group=f"web:{scope}", key="user", rate=_rate(scope), increment=True)
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
