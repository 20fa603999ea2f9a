"""Who may do what with redesign projects."""

from __future__ import annotations

from participatie.accounts.models import User


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_design(user) -> bool:
    """Create and manage redesign projects: designers and programme administrators."""
    return _signed_in(user) and (
        user.is_superuser or user.role in (User.Role.DESIGNER, User.Role.ADMIN)
    )
