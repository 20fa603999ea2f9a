"""Reads for accounts: users by e-mail and the home-neighbourhood choices."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Lower

from maps import geocoding
from maps.areas import area_by_code
from maps.models import Area
from participatie.accounts.models import ApiToken, User


def user_by_email(email: str) -> User | None:
    """The account with this e-mail address, compared case-insensitively (as stored unique)."""
    email = email.strip().lower()
    if not email:
        return None
    return User.objects.alias(email_lower=Lower("email")).filter(email_lower=email).first()


def neighbourhood_by_code(code: str) -> Area | None:
    return area_by_code(code, level=Area.Level.NEIGHBOURHOOD)


class AddressLookupFailed(Exception):
    """The address was not found, or the look-up service could not be reached."""


def neighbourhood_for_address(*, postcode: str, house_number: str) -> Area | None:
    """The neighbourhood an address lies in; None when it lies outside every neighbourhood.

    Raises AddressLookupFailed when the address cannot be looked up. The address itself is
    only passed to the look-up, never kept.
    """
    found = geocoding.lookup_address(postcode, house_number)
    if found is None:
        raise AddressLookupFailed
    return Area.objects.neighbourhoods().containing(geocoding.point(*found)).first()


def staff_of_district(district_id: int | None, *, role: str) -> list[User]:
    """Active staff of this role assigned to the district (the district's team)."""
    if district_id is None:
        return []
    return list(
        User.objects.filter(role=role, is_active=True, districts=district_id).order_by("pk")
    )


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's live API tokens, newest first (not those from before a password change)."""
    return ApiToken.objects.filter(user=user, password_fingerprint=user.get_session_auth_hash())
