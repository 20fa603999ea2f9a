"""Signed, expiring links that confirm an e-mail address.

The token carries the user id and a keyed hash of the address (not the address itself, as
links end up in mail logs); it stops working when the address changes or after MAX_AGE.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from participatie.accounts.models import User

SALT = "participatie.accounts.email-verification"
MAX_AGE = dt.timedelta(days=3)


class InvalidLink(Exception):
    """The link was altered, belongs to no (active) account, or to an older address."""


class ExpiredLink(InvalidLink):
    """The link is genuine but older than MAX_AGE."""


def _email_digest(email: str) -> str:
    return salted_hmac(SALT, email.strip().lower(), algorithm="sha256").hexdigest()[:20]


def email_verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": _email_digest(user.email)}, salt=SALT)


def email_verification_user(token: str) -> User:
    """The account a token was made for; raises ExpiredLink or InvalidLink."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise ExpiredLink from None
    except signing.BadSignature:
        raise InvalidLink from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise InvalidLink
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if user is None or not user.email:
        raise InvalidLink
    if not constant_time_compare(_email_digest(user.email), str(data.get("e", ""))):
        raise InvalidLink
    return user
