"""Who may do what with pins. Staff rules per district and partner will refine these."""

from __future__ import annotations

from participatie.accounts.models import User

TRIAGE_ROLES = {User.Role.WIJKTEAM, User.Role.BUURTTEAM, User.Role.ADMIN}


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_participate(user) -> bool:
    """Post, support, comment and report: a verified resident (or a staff account)."""
    return _signed_in(user) and user.can_participate


def sees_everything(user) -> bool:
    """Programme administrators see every pin, also private and hidden ones."""
    return _signed_in(user) and (user.is_superuser or user.role == User.Role.ADMIN)


def can_triage(user) -> bool:
    """Change a pin's status: staff of the neighbourhood and social teams, administrators."""
    return _signed_in(user) and (user.is_superuser or user.role in TRIAGE_ROLES)


def can_moderate(user) -> bool:
    """Hide and restore pins and comments: programme administrators."""
    return sees_everything(user)
