"""Who may do what with initiatives.

- a verified resident proposes, backs (in the area) and volunteers;
- the organiser and co-organisers edit while it is a draft, answer questions, report;
- the district's team (wijkteam and buurtteam members assigned to the initiative's
  district) reviews, asks questions and decides; nobody else decides;
- programme administrators manage programmes, budgets and checklists in the admin.
"""

from __future__ import annotations

from participatie.accounts.models import User

DISTRICT_TEAM_ROLES = (User.Role.WIJKTEAM, User.Role.BUURTTEAM)


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_participate(user) -> bool:
    return _signed_in(user) and user.can_participate


def is_programme_admin(user) -> bool:
    return _signed_in(user) and (user.is_superuser or user.role == User.Role.ADMIN)


def is_organiser(user, initiative) -> bool:
    """The organiser or one of the co-organisers."""
    if not _signed_in(user):
        return False
    if initiative.organiser_id == user.pk:
        return True
    return initiative.co_organiser_links.filter(user=user).exists()


def is_district_team(user, initiative) -> bool:
    """Staff of the initiative's district: they review and decide."""
    return bool(
        _signed_in(user)
        and initiative.district_id is not None
        and user.role in DISTRICT_TEAM_ROLES
        and user.districts.filter(pk=initiative.district_id).exists()
    )


def can_review(user, initiative) -> bool:
    return is_district_team(user, initiative)
