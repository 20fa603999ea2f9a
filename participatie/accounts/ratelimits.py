"""Rate limits of the account pages and the token endpoint, counted in PostgreSQL
(`counters`: exact under parallel requests, shared by every process and server).

Sign-up, a new confirmation link, password reset and the two-factor code count per client
address (`counters.client_address`: REMOTE_ADDR, or per NUM_PROXIES) and per e-mail address
or account, so that spreading tries over many addresses or mail-bombing one inbox does not
work either.

The log-in counts so that nobody can lock a resident out cheaply:
- per address and e-mail address together (ACCOUNT_RATE_LOGIN, 10/m): guessing one
  account's password from one address;
- per address on any e-mail addresses (ACCOUNT_RATE_LOGIN_ADDRESS, 30/m): trying a few
  passwords on many accounts;
- per e-mail address from any address, wrong passwords only (ACCOUNT_RATE_LOGIN_EMAIL,
  100/h): guessing spread over many addresses. Until that much higher bound, someone else's
  wrong passwords from elsewhere never stop the resident logging in.
Every attempt is counted before the password is checked, so attempts sent together cannot
slip past the limit; the e-mail address's count is given back when the password was right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participatie.accounts import counters


def rate_exceeded(request: HttpRequest, *, group: str, rate: str, email: str = "") -> int | None:
    """Count one attempt per client address and, given, per e-mail address (or another
    name of the account); the seconds to wait when over the limit, else None."""
    buckets = [(f"{group}:address", counters.client_address(request))]
    email = email.strip().lower()
    if email:
        buckets.append((f"{group}:email", email))
    waits = []
    for scope, who in buckets:
        counted = counters.hit(scope=scope, who=who, rate=rate)
        if not counted.allowed:
            waits.append(counted.retry_after)
    return max(waits) if waits else None


@dataclass(frozen=True)
class LoginAttempt:
    """A counted log-in attempt: `wait` seconds when it may not go on to the password."""

    wait: int | None
    failure: counters.Hit | None = None  # the e-mail address's count, taken in advance

    def succeeded(self) -> None:
        """The password was right: only wrong ones count for the e-mail address."""
        if self.failure is not None:
            counters.refund(self.failure)


def login_attempt(request: HttpRequest, *, email: str) -> LoginAttempt:
    """Count a log-in attempt with `email` (page and token endpoint alike)."""
    email = email.strip().lower()
    address = counters.client_address(request)
    limits = [
        ("accounts.login:address-email", f"{address} {email}", settings.ACCOUNT_RATE_LOGIN),
        ("accounts.login:address", address, settings.ACCOUNT_RATE_LOGIN_ADDRESS),
    ]
    for scope, who, rate in limits:
        counted = counters.hit(scope=scope, who=who, rate=rate)
        if not counted.allowed:
            return LoginAttempt(wait=counted.retry_after)
    if not email:  # the form refuses it before any password is checked
        return LoginAttempt(wait=None)
    failure = counters.hit(
        scope="accounts.login:email", who=email, rate=settings.ACCOUNT_RATE_LOGIN_EMAIL
    )
    if not failure.allowed:
        return LoginAttempt(wait=failure.retry_after)
    return LoginAttempt(wait=None, failure=failure)


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
