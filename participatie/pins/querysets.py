"""Who may see which pins, and the spatial and attribute filters on them, chained by callers."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import GEOSGeometry
from django.contrib.gis.measure import D
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone

from maps.areas import spot_of
from maps.querysets import SpatialQuerySet
from participatie.pins import roles
from participatie.pins.visibility import category_public_q, pin_public_q

METRES_PER_DEGREE = 111_320


class PinQuerySet(SpatialQuerySet):
    def public(self) -> PinQuerySet:
        return self.filter(pin_public_q())

    def visible_to(self, user) -> PinQuerySet:
        """Public pins, a resident's own pins (also confidential, hidden or withdrawn), and
        the pins a staff member handles. The one rule of who sees which pin."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.public()
        handled = _handled_q(user)
        if handled is None:
            return self.filter(pin_public_q() | Q(author=user))
        if not handled:  # an empty condition: the operator handles everything
            return self.all()
        return self.filter(pin_public_q() | Q(author=user) | handled)

    def handled_by(self, user) -> PinQuerySet:
        """The pins a staff member handles (routes, answers, keeps notes on): see roles. None
        for anyone else, a visitor who is not signed in (or no one) included."""
        handled = _handled_q(user)
        return self.none() if handled is None else self.filter(handled)

    def confidential(self) -> PinQuerySet:
        return self.filter(category__is_sensitive=True)

    def within_area(self, area) -> PinQuerySet:
        """Pins of a district or neighbourhood by the area stored on each pin when it was
        placed (an index look-up, the same assignment the cluster tiles count by); other
        areas by their outline."""
        level = getattr(area, "level", None)
        if level == "district":
            return self.filter(district=area)
        if level == "neighbourhood":
            return self.filter(neighbourhood=area)
        return super().within_area(area)

    def of_kind(self, kinds: Iterable[str]) -> PinQuerySet:
        return self.filter(kind__in=list(kinds))

    def in_categories(self, slugs: Iterable[str]) -> PinQuerySet:
        return self.filter(category__slug__in=list(slugs))

    def with_status(self, statuses: Iterable[str]) -> PinQuerySet:
        return self.filter(status__in=list(statuses))

    def created_between(self, after: dt.date | None, before: dt.date | None) -> PinQuerySet:
        """Pins created on or after `after` and on or before `before` (local calendar days)."""
        qs = self
        if after:
            qs = qs.filter(created_at__gte=_start_of(after))
        if before and before < dt.date.max:  # the last day of the calendar bounds nothing
            qs = qs.filter(created_at__lt=_start_of(before + dt.timedelta(days=1)))
        return qs

    def near(self, geom: GEOSGeometry, metres: float) -> PinQuerySet:
        """Pins within `metres` of `geom`, measured on the spheroid (geography cast)."""
        point = spot_of(geom)
        # A box in degrees around the spot lets the GiST index on geom do the coarse work;
        # the geography distance then decides exactly.
        pad = metres / METRES_PER_DEGREE
        box = geom.envelope.buffer(pad / max(math.cos(math.radians(point.y)), 0.01))
        return (
            self.filter(geom__intersects=box)
            .alias(geography=Cast(self.geom_field, GeometryField(geography=True, srid=4326)))
            .filter(geography__dwithin=(geom, D(m=metres)))
        )


def _handled_q(user) -> Q | None:
    """None for someone who handles no pins; else the condition on the pins they handle."""
    if not roles.can_triage(user):
        return None
    # The operator (a superuser) sees confidential signals and works in every district.
    handled = Q() if roles.sees_confidential(user) else Q(category__is_sensitive=False)
    if roles.works_per_district(user):
        handled &= Q(district__in=user.districts.values("pk"))
    return handled


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class CategoryQuerySet(models.QuerySet):
    def active(self) -> CategoryQuerySet:
        return self.filter(is_active=True)

    def shown_publicly(self) -> CategoryQuerySet:
        return self.filter(category_public_q())


class CommentQuerySet(models.QuerySet):
    def visible(self) -> CommentQuerySet:
        return self.filter(is_hidden=False)
