"""Who may back an initiative, and why not: the messages residents see."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from participatie.initiatives.models import Initiative


@dataclass(frozen=True)
class Eligibility:
    ok: bool
    reason: str = ""
    neighbourhood_id: int | None = None


def area_names(initiative: Initiative) -> list[str]:
    return list(initiative.backing_neighbourhoods.order_by("name").values_list("name", flat=True))


def area_description(initiative: Initiative) -> str:
    """The area that counts, in words: "Lariks-West, Lariks-Oost" or "within 300 m of …"."""
    names = ", ".join(area_names(initiative)) or "—"
    if initiative.backing_area == Initiative.BackingArea.RADIUS:
        return _("within %(radius)s m of the initiative (neighbourhoods %(names)s)") % {
            "radius": initiative.backing_radius_m,
            "names": names,
        }
    if initiative.backing_area == Initiative.BackingArea.DRAWN:
        return _("the area drawn on the map (neighbourhoods %(names)s)") % {"names": names}
    return names


def backing_eligibility(initiative: Initiative, user) -> Eligibility:
    """A verified resident whose home neighbourhood is one of the neighbourhoods concerned
    (chosen, or overlapped by the circle or drawn area: households.py)."""
    if user is None or not user.is_authenticated:
        return Eligibility(False, _("Log in to back this initiative."))
    if not user.can_participate:
        return Eligibility(False, _("Confirm your e-mail address first: then you can respond."))
    home = user.home_neighbourhood
    if home is None:
        return Eligibility(
            False,
            _(
                "Set your home neighbourhood on your account page to respond. Residents of "
                "%(area)s may respond."
            )
            % {"area": area_description(initiative)},
        )
    if not initiative.backing_neighbourhoods.filter(pk=home.pk).exists():
        return Eligibility(
            False,
            _("Only residents of %(area)s may respond; your home neighbourhood is %(home)s.")
            % {"area": area_description(initiative), "home": home.name},
        )
    return Eligibility(True, neighbourhood_id=home.pk)
