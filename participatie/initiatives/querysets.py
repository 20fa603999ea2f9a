"""Which initiatives are shown, to whom, and where."""

from __future__ import annotations

from django.db.models import Q

from maps.querysets import SpatialQuerySet

# Never public: drafts (only their organisers see them) and withdrawn drafts.
PUBLIC_STATUSES = (
    "submitted",
    "backing",
    "review",
    "granted",
    "partly_granted",
    "declined",
    "realised",
    "withdrawn",
)


class InitiativeQuerySet(SpatialQuerySet):
    def public(self) -> InitiativeQuerySet:
        """Submitted initiatives in any later status (also withdrawn ones, marked so)."""
        return self.filter(status__in=PUBLIC_STATUSES, submitted_at__isnull=False)

    def visible_to(self, user) -> InitiativeQuerySet:
        """Public initiatives, and a resident's own drafts (as organiser or co-organiser)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.public()
        own = Q(organiser=user) | Q(co_organiser_links__user=user)
        mine = self.model.objects.filter(own).values("pk")
        return self.filter(
            Q(status__in=PUBLIC_STATUSES, submitted_at__isnull=False) | Q(pk__in=mine)
        )

    def reviewed_by(self, user) -> InitiativeQuerySet:
        """What a district team member reviews: the submitted initiatives of their districts."""
        from participatie.initiatives.roles import DISTRICT_TEAM_ROLES

        if user is None or not user.is_authenticated or user.role not in DISTRICT_TEAM_ROLES:
            return self.none()
        return self.public().filter(district__in=user.districts.all())

    def within_area(self, area) -> InitiativeQuerySet:
        level = getattr(area, "level", None)
        if level == "district":
            return self.filter(district=area)
        if level == "neighbourhood":
            return self.filter(neighbourhood=area)
        return super().within_area(area)
