"""Which redesign projects are shown, and where."""

from __future__ import annotations

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
