"""Limits on guessing voting codes and receipts, per client address (REMOTE_ADDR, as the
account pages do). Only wrong tries count: a household that types its code right is never
held up, also when many households vote from one address; someone trying codes at random
is stopped after VOTING_CODE_RATE wrong tries per period (20 an hour by default)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

GROUPS = {"code": "voting:code", "receipt": "voting:receipt"}


def _usage(request: HttpRequest, kind: str, *, increment: bool):
    return get_usage(
        request, group=GROUPS[kind], key="ip", rate=settings.VOTING_CODE_RATE, increment=increment
    )


def wait_seconds(request: HttpRequest, kind: str) -> int | None:
    """The seconds until this client may try again, or None when it may try now."""
    usage = _usage(request, kind, increment=False)
    if usage and usage["count"] >= usage["limit"]:
        return max(int(usage["time_left"]), 1)
    return None


def wrong_try(request: HttpRequest, kind: str) -> None:
    """Count a wrong code or receipt."""
    _usage(request, kind, increment=True)


def wait_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Too many wrong codes from this connection. Please try again in %(minutes)s minute.",
        "Too many wrong codes from this connection. Please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
