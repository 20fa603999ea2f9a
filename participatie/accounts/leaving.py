"""A resident's own account: what it holds (for the data export), deleting it, and the
sign-ups that were never confirmed. What the other domains hold about the person is theirs
to export and to remove (participatie/privacy composes them)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.accounts.access import STAFF_ROLES
from participatie.accounts.models import User
from participatie.accounts.selectors import api_tokens_of


def _when(value) -> str | None:
    return value.isoformat() if value else None


def account_data(user: User) -> dict:
    """The account itself as the data export shows it (never the password hash)."""
    hood = user.home_neighbourhood
    return {
        "email": user.email,
        "display_name": user.display_name,
        "shown_as": user.public_name,
        "role": user.role,
        "home_neighbourhood": {"code": hood.code, "name": hood.name} if hood else None,
        "signed_up_at": _when(user.date_joined),
        "email_confirmed_at": _when(user.email_verified_at),
        "last_login_at": _when(user.last_login),
        # Their names and dates only: the keys themselves are not kept (only a hash).
        "api_tokens": [
            {
                "name": token.label,
                "starts_with": token.prefix,
                "created_at": _when(token.created),
                "last_used_at": _when(token.last_used),
            }
            for token in api_tokens_of(user)
        ],
    }


def may_delete_itself(user: User) -> bool:
    """Residents delete their own account; staff accounts are deactivated by a programme
    administrator (their handling of pins is part of the partners' records)."""
    return not (user.is_staff or user.is_superuser or user.role in STAFF_ROLES)


def deletion_check(*, user: User, password: str) -> None:
    """Raise PermissionDenied for a staff account and a ValidationError on `password` when
    it is not this account's password."""
    if not may_delete_itself(user):
        raise PermissionDenied(_("Staff accounts are deactivated by a programme administrator."))
    if not password or not user.check_password(password):
        raise ValidationError({"password": [_("This is not your password.")]})


def user_delete(*, user: User) -> None:
    """Delete the account row. Whatever still points at it is anonymised by the database
    (SET_NULL: pins, comments, history steps) or goes with it (API token, authenticator)."""
    if not may_delete_itself(user):
        raise PermissionDenied(_("Staff accounts are deactivated by a programme administrator."))
    with transaction.atomic():
        User.objects.filter(pk=user.pk).delete()


def unconfirmed_expired(*, now: dt.datetime | None = None, days: int | None = None):
    """Resident sign-ups whose e-mail address was never confirmed within
    UNCONFIRMED_ACCOUNT_DAYS: they cannot take part and their link expired long ago."""
    days = settings.UNCONFIRMED_ACCOUNT_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return User.objects.filter(
        email_verified_at__isnull=True,
        role=User.Role.RESIDENT,
        is_staff=False,
        is_superuser=False,
        date_joined__lt=cutoff,
    )


def unconfirmed_remove(
    *, now: dt.datetime | None = None, days: int | None = None, dry_run: bool = False
) -> int:
    """Delete the expired unconfirmed sign-ups; how many (`dry_run` only counts)."""
    expired = unconfirmed_expired(now=now, days=days)
    if dry_run:
        return expired.count()
    with transaction.atomic():
        pks = list(expired.select_for_update().values_list("pk", flat=True))
        User.objects.filter(pk__in=pks).delete()
    return len(pks)
