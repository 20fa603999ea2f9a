"""Deleting an account across the domains, and applying the retention periods.

accounts may not know pins or voting (the import layers), so the composition is here:
first every domain lets go of the person, then the account row goes, in one transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction

from participatie.accounts import leaving as account_leaving
from participatie.initiatives import services as initiative_services
from participatie.pins import services as pin_services
from participatie.voting import services as voting_services


@dataclass
class RetentionResult:
    confidential_signals: int
    unconfirmed_accounts: int

    def as_dict(self) -> dict:
        return asdict(self)


def account_delete(*, user, password: str, keep_pins: bool) -> pin_services.Departure:
    """Delete a resident's account after checking their password.

    keep_pins: their pins and comments stay (without author: "Resident"); otherwise pins,
    comments and comments on redesigns are removed. Either way supports and reports are
    taken back with exact counters, confidential signals keep their handling but lose the
    person, and votes stay counted (they never named the voter). Initiatives: drafts,
    backings and volunteer sign-ups go, submitted initiatives stay without their organiser
    (participatie/initiatives/services/leaving.py). Raises PermissionDenied
    for staff accounts and a ValidationError on `password`.
    """
    account_leaving.deletion_check(user=user, password=password)
    with transaction.atomic():
        departure = pin_services.author_leave(user=user, keep_pins=keep_pins)
        initiative_services.person_leave(user=user)
        if not keep_pins:
            voting_services.comments_of_author_remove(author=user)
        account_leaving.user_delete(user=user)
    return departure


def retention_apply(*, dry_run: bool = False) -> RetentionResult:
    """Delete what is past its retention period (settings CONFIDENTIAL_RETENTION_DAYS,
    UNCONFIRMED_ACCOUNT_DAYS); with dry_run, only count it."""
    return RetentionResult(
        confidential_signals=pin_services.confidential_retention_apply(dry_run=dry_run),
        unconfirmed_accounts=account_leaving.unconfirmed_remove(dry_run=dry_run),
    )
