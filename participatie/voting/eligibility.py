"""Who may vote in a project, and why not: the messages voters see."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from participatie.voting.models import RedesignProject


@dataclass(frozen=True)
class Eligibility:
    ok: bool
    reason: str = ""
    neighbourhood_id: int | None = None


def lies_in_eligible_area(project: RedesignProject, neighbourhood) -> bool:
    if neighbourhood is None:
        return False
    if project.eligible_areas.filter(pk=neighbourhood.pk).exists():
        return True
    shape = project.eligible_shape
    return bool(shape is not None and shape.intersects(neighbourhood.geom.point_on_surface))


def eligible_area_names(project: RedesignProject) -> list[str]:
    return list(project.eligible_areas.order_by("name").values_list("name", flat=True))


def resident_eligibility(project: RedesignProject, user) -> Eligibility:
    """Method (a): a verified resident whose home neighbourhood lies in the eligible area."""
    if project.eligibility != RedesignProject.Eligibility.RESIDENTS:
        return Eligibility(
            False, str(_("This vote is by voting code: use the code from your letter."))
        )
    if user is None or not user.is_authenticated:
        return Eligibility(False, str(_("Log in to vote.")))
    if not user.can_participate:
        return Eligibility(False, str(_("Confirm your e-mail address first: then you can vote.")))
    home = user.home_neighbourhood
    if home is None:
        return Eligibility(
            False, str(_("Set your home neighbourhood on your account page to vote."))
        )
    if not lies_in_eligible_area(project, home):
        names = ", ".join(eligible_area_names(project)) or str(_("the area drawn on the map"))
        return Eligibility(
            False,
            str(
                _("Only residents of %(areas)s may vote; your home neighbourhood is %(home)s.")
                % {"areas": names, "home": home.name}
            ),
        )
    return Eligibility(True, neighbourhood_id=home.pk)
