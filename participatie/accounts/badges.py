"""The verified badge on staff answers: made from the author's role and partner in the
database, never from the display name, which anyone can choose (`reserved_names.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from participatie.accounts.models import User

_TEAMS = {
    User.Role.WIJKTEAM: lambda: _("Neighbourhood team"),
    User.Role.BUURTTEAM: lambda: _("Social team"),
    User.Role.DESIGNER: lambda: _("Designer"),
    User.Role.ADMIN: lambda: _("Programme team"),
}


@dataclass(frozen=True)
class StaffBadge:
    team: str
    partner: str

    @property
    def text(self) -> str:
        return f"{self.team} · {self.partner}" if self.partner else self.team


def staff_badge(user) -> StaffBadge | None:
    """The badge of an active staff account, or None (residents, deleted accounts)."""
    if user is None or not user.is_active:
        return None
    team = _TEAMS.get(user.role)
    if team is None:
        if not user.is_superuser:
            return None
        team = _TEAMS[User.Role.ADMIN]
    partner = user.partner.name if user.partner_id else ""
    return StaffBadge(team=team(), partner=partner)
