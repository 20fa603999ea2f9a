"""Which redesign projects are shown, and where."""

from __future__ import annotations

from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone

from maps.querysets import SpatialQuerySet


class ProjectQuerySet(SpatialQuerySet):
    def published(self) -> ProjectQuerySet:
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def voting_open(self) -> ProjectQuerySet:
        now = timezone.now()
        return self.published().filter(voting_opens_at__lte=now, voting_closes_at__gt=now)

    def visible_to(self, user) -> ProjectQuerySet:
        """Published projects for everyone; drafts too for designers and administrators."""
        from participatie.voting import roles

        if roles.can_design(user):
            return self.all()
        return self.published()

    def with_phase(self, moment=None) -> ProjectQuerySet:
        """`current_phase` annotated: the same rule as RedesignProject.phase_at, in SQL."""
        now = moment or timezone.now()
        return self.annotate(
            current_phase=Case(
                When(Q(published_at__isnull=True) | Q(published_at__gt=now), then=Value("draft")),
                When(voting_opens_at__gt=now, then=Value("consultation")),
                When(voting_closes_at__gt=now, then=Value("voting")),
                When(result_published_at__lte=now, then=Value("result")),
                default=Value("closed"),
                output_field=CharField(),
            )
        )

    def in_phase(self, phase: str) -> ProjectQuerySet:
        return self.with_phase().filter(current_phase=phase)

    def touching_area(self, area) -> ProjectQuerySet:
        """Projects whose street lies (partly) in the area, or whose voters live there: an
        eligible neighbourhood of the area, or a drawn eligible area that overlaps it."""
        from maps.areas import neighbourhood_ids_of

        matching = self.model.objects.filter(
            Q(geom__intersects=area.geom)
            | Q(eligible_areas__in=neighbourhood_ids_of(area))
            | Q(eligible_shape__intersects=area.geom)
        ).values("pk")
        return self.filter(pk__in=matching)
