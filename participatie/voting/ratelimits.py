"""Limits on guessing voting codes and receipts, per client address (as the account pages:
REMOTE_ADDR, or per NUM_PROXIES), counted in PostgreSQL (participatie/accounts/counters.py).

Only wrong tries count: a household that types its code right is never held up, also when
many households vote from one address; someone trying codes at random is stopped after
VOTING_CODE_RATE wrong tries per period (20 an hour by default). Every try is counted
before the code is looked up, so tries sent together cannot slip past the limit, and
given back when the code was not wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import ngettext

from participatie.accounts import counters

SCOPES = {"code": "voting:code", "receipt": "voting:receipt"}


@dataclass(frozen=True)
class CodeTry:
    """A counted try: `wait` seconds when it may not be looked up."""

    wait: int | None
    counted: counters.Hit | None = None

    def not_wrong(self) -> None:
        """The code or receipt was right (or not looked up): the try does not count."""
        if self.counted is not None:
            counters.refund(self.counted)


NO_TRY = CodeTry(wait=None)  # nothing to look up: no code given


def code_try(request: HttpRequest, kind: str) -> CodeTry:
    """Count a try of a voting code (`kind` "code") or receipt ("receipt")."""
    counted = counters.hit(
        scope=SCOPES[kind],
        who=counters.client_address(request),
        rate=settings.VOTING_CODE_RATE,
    )
    if not counted.allowed:
        return CodeTry(wait=counted.retry_after)
    return CodeTry(wait=None, counted=counted)


def wait_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Too many wrong codes from this connection. Please try again in %(minutes)s minute.",
        "Too many wrong codes from this connection. Please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
