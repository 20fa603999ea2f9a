"""Rate limits of the account pages and the token endpoint (django-ratelimit on the cache).

Limits count per client address (REMOTE_ADDR: a proxy in front must set it to the client's
address) and, where an e-mail address is posted, per e-mail address too, so that spreading
guesses over many addresses or mail-bombing one inbox does not work either.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage


def rate_exceeded(request: HttpRequest, *, group: str, rate: str, email: str = "") -> int | None:
    """Count one attempt; the seconds to wait when over the limit, else None."""
    buckets = [(f"{group}:ip", "ip")]
    email = email.strip().lower()
    if email:
        buckets.append((f"{group}:email", lambda _group, _request: email))
    waits = []
    for bucket, key in buckets:
        usage = get_usage(request, group=bucket, key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(usage["time_left"], 1))
    return max(waits) if waits else None


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    minutes = max(1, -(-wait // 60))
    response = render(request, "accounts/ratelimited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


def rate_limited(group: str, rate_setting: str, *, by_email: bool = True) -> Callable:
    """View decorator: POSTs over the limit get a friendly 429 page instead of the view.

    The rate is read from settings on every request (so tests can override it).
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                email = request.POST.get("email", "") if by_email else ""
                rate = getattr(settings, rate_setting)
                wait = rate_exceeded(request, group=group, rate=rate, email=email)
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
