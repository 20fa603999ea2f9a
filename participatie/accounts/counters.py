"""Rate-limit counters in PostgreSQL: exact under parallel requests, shared by every process
and server that uses the database, and apart from the (evictable) cache of rendered tiles.

One upsert statement counts a hit and returns the new count. PostgreSQL locks the counter's
row for the statement, so requests arriving together get consecutive counts (1, 2, 3, ...)
whichever process or server they reach; a read-modify-write of a cache entry would let
them overwrite each other's count.

A window is fixed and starts with the first hit after the previous one ended (as Redis'
INCR + EXPIRE): `count/period` allows `count` hits in `period` seconds from that first hit.
A burst that starts afresh thus lies in one window, instead of being cut in two by a
boundary that all clients share. Rows of ended windows are deleted now and then on the way
(`PRUNE_ONE_IN`), a bounded batch at a time.
"""

from __future__ import annotations

import ipaddress
import random
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"(\d+)/(\d*)([smhd])[a-z]*")
# One hit in this many also deletes a batch (1,000) of counters whose window has ended.
PRUNE_ONE_IN = 100

_HIT = """
INSERT INTO accounts_ratecounter AS c (key, window_start, expires_at, count)
SELECT %(key)s, now.t, now.t + make_interval(secs => %(period)s), 1
FROM (SELECT clock_timestamp() AS t) AS now
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN c.expires_at <= EXCLUDED.window_start THEN 1 ELSE c.count + 1 END,
    window_start = CASE WHEN c.expires_at <= EXCLUDED.window_start
        THEN EXCLUDED.window_start ELSE c.window_start END,
    expires_at = CASE WHEN c.expires_at <= EXCLUDED.window_start
        THEN EXCLUDED.expires_at ELSE c.expires_at END
RETURNING count, window_start,
    GREATEST(1, CEIL(EXTRACT(EPOCH FROM expires_at - clock_timestamp())))::integer
"""
_REFUND = """
UPDATE accounts_ratecounter SET count = count - 1
WHERE key = %(key)s AND window_start = %(window_start)s AND count > 0
"""
_PRUNE = """
DELETE FROM accounts_ratecounter WHERE key IN (
    SELECT key FROM accounts_ratecounter WHERE expires_at < clock_timestamp()
    LIMIT 1000 FOR UPDATE SKIP LOCKED
)
"""


def parse_rate(rate: str) -> tuple[int, int]:
    """A rate as "10/m", "100/5m" (env_rate) or DRF's "20/hour" → (count, seconds)."""
    match = RATE.fullmatch(rate.strip().lower())
    if match is None:
        raise ValueError(f"not a rate: {rate!r} (count/period, period s, m, h or d)")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * PERIODS[unit]


@dataclass(frozen=True)
class Hit:
    """One counted hit: the count in its window so far, including this one."""

    key: str
    count: int
    limit: int
    window_start: datetime
    retry_after: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit


def counter_key(scope: str, rate: str, who: str) -> str:
    """Addresses and e-mail addresses are stored as a keyed hash only. The rate is part of
    the key: a changed rate starts afresh rather than reading another rate's count."""
    digest = salted_hmac("participatie.accounts.counters", who, algorithm="sha256").hexdigest()
    return f"{scope}|{rate}|{digest[:40]}"


def hit(*, scope: str, who: str, rate: str) -> Hit:
    """Count one hit of `who` (an address, "user:<pk>", an e-mail address) for `scope`."""
    limit, period = parse_rate(rate)
    key = counter_key(scope, rate, who)
    with connection.cursor() as cursor:
        cursor.execute(_HIT, {"key": key, "period": period})
        count, window_start, retry_after = cursor.fetchone()
        if random.randrange(PRUNE_ONE_IN) == 0:  # noqa: S311 (a sample, not a secret)
            cursor.execute(_PRUNE)
    return Hit(key, count, limit, window_start, retry_after)


def refund(counted: Hit) -> None:
    """Take a hit back (a right password, a right voting code), in its own window only: a
    window that has ended since is not touched."""
    with connection.cursor() as cursor:
        cursor.execute(_REFUND, {"key": counted.key, "window_start": counted.window_start})


def prune() -> int:
    """Delete a batch of counters whose window has ended; the number deleted."""
    with connection.cursor() as cursor:
        cursor.execute(_PRUNE)
        return cursor.rowcount


def client_address(request: HttpRequest) -> str:
    """The client's address, as the API's throttles tell clients apart.

    With NUM_PROXIES = 0 (the default) REMOTE_ADDR, whatever X-Forwarded-For says: a client
    can write anything there. Behind NUM_PROXIES proxies that each append the address they
    got the request from, the address the outermost of them saw. An IPv6 address counts by
    its /64 network, which one household or one machine usually has to itself.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        address = hops[-min(proxies, len(hops))]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.7 is 192.0.2.7
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def account_or_address(request: HttpRequest) -> str:
    """Whom a signed-in action counts for: the account, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"
