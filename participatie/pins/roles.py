"""Who may do what with pins, by role. Which pins a staff member sees and handles is one
queryset rule (PinQuerySet.visible_to / handled_by); these are the role checks around it.

- residents (and designers) see public pins and their own;
- wijkteam members handle the non-confidential pins of their own districts;
- buurtteam members handle those and the confidential signals of their own districts;
- programme administrators handle every non-confidential pin, and moderate;
- a superuser (the operator) sees everything.
"""

from __future__ import annotations

from participatie.accounts.models import User

TRIAGE_ROLES = {User.Role.WIJKTEAM, User.Role.BUURTTEAM, User.Role.ADMIN}
# Roles that work per district: they handle only the pins of their own districts.
DISTRICT_ROLES = {User.Role.WIJKTEAM, User.Role.BUURTTEAM}


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_participate(user) -> bool:
    """Post, support, comment and report: a verified resident (or a staff account)."""
    return _signed_in(user) and user.can_participate


def is_programme_admin(user) -> bool:
    return _signed_in(user) and (user.is_superuser or user.role == User.Role.ADMIN)


def sees_confidential(user) -> bool:
    """Confidential signals (as points, with their content): the buurtteam of their
    district, and the operator."""
    return _signed_in(user) and (user.is_superuser or user.role == User.Role.BUURTTEAM)


def works_per_district(user) -> bool:
    return _signed_in(user) and not user.is_superuser and user.role in DISTRICT_ROLES


def can_triage(user) -> bool:
    """Use the workspace: staff of the neighbourhood and social teams, administrators."""
    return _signed_in(user) and (user.is_superuser or user.role in TRIAGE_ROLES)


def can_moderate(user) -> bool:
    """Hide and restore pins and comments: programme administrators."""
    return is_programme_admin(user)
