"""Initiatives on the map and in the public GeoJSON list: which of them show, as what
("map status": proposal, backing open, granted, realised), and what each feature carries.

Only public data: never the organiser, co-organisers or backers (backers as counts only).
The list and the tile layer share the properties and the filters (InitiativeFilterSet,
with a box, an area and a limit as the pins' list has them).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from maps.filters import AreaCodeFilter, BBoxFilter
from maps.geojson import Properties, feature_collection
from maps.selectors import choice_label
from participatie.initiatives.filters import InitiativeFilterSet
from participatie.initiatives.models import Backing, Initiative

LIST_LIMIT_DEFAULT = 1000
LIST_LIMIT_MAX = 5000

Status = Initiative.Status
# The four symbols of the map, each standing for one or more statuses. Declined and
# withdrawn initiatives are in the list, not on the map.
MAP_STATUSES = {
    "proposal": (Status.SUBMITTED,),
    "backing": (Status.BACKING, Status.REVIEW),
    "granted": (Status.GRANTED, Status.PARTLY_GRANTED),
    "realised": (Status.REALISED,),
}
MAP_STATUS_LABELS = {
    "proposal": _("Proposal"),
    "backing": _("Backing open"),
    "granted": _("Granted"),
    "realised": _("Realised"),
}
ON_MAP = tuple(status for statuses in MAP_STATUSES.values() for status in statuses)


def map_status_of(status: str) -> str | None:
    for key, statuses in MAP_STATUSES.items():
        if status in statuses:
            return key
    return None


def map_status_expression() -> Case:
    return Case(
        *[When(status__in=statuses, then=Value(key)) for key, statuses in MAP_STATUSES.items()],
        default=Value("closed"),
    )


def _count_of(response: str) -> Coalesce:
    counted = (
        Backing.objects.filter(initiative=OuterRef("pk"), response=response)
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def initiative_properties() -> Properties:
    """The public properties of an initiative in the GeoJSON list (its public id is the
    feature's id)."""
    return {
        "title": "title",
        "kind": "kind",
        "kind_label": choice_label("kind", Initiative.Kind.choices),
        "status": "status",
        "status_label": choice_label("status", Initiative.Status.choices),
        "map_status": map_status_expression(),
        "year": "year",
        "district_code": "district__code",
        "district_name": "district__name",
        "neighbourhood_code": "neighbourhood__code",
        "neighbourhood_name": "neighbourhood__name",
        "backs": _count_of(Backing.Response.BACK),
        "objections": _count_of(Backing.Response.OBJECT),
        "backers_needed": "backers_needed",
        "granted_cents": Coalesce("decision__granted_cents", Value(0)),
        "starts_on": "starts_on",
        "submitted_at": "submitted_at",
    }


def initiative_tile_properties() -> Properties:
    """The tile layer's: enough for the symbol and the popup (the rest is one click away)."""
    return {
        "id": "public_id",
        "title": "title",
        "kind": "kind",
        "status": "status",
        "status_label": choice_label("status", Initiative.Status.choices),
        "map_status": map_status_expression(),
        "year": "year",
    }


class LimitFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class InitiativeLayerFilterSet(InitiativeFilterSet):
    """The slice's filter with what a map and an API list need besides: a box, an area and
    a limit (validated here, read by the view)."""

    bbox = BBoxFilter(
        help_text=_("Only initiatives inside this box: min_lon,min_lat,max_lon,max_lat (WGS84)")
    )
    area = AreaCodeFilter(help_text=_("Only initiatives inside this area (CBS code)"))

    class Meta(InitiativeFilterSet.Meta):
        fields = InitiativeFilterSet.Meta.fields


class InitiativeListFilterSet(InitiativeLayerFilterSet):
    # Read by the API view; here so that it is validated and documented like the filters.
    limit = LimitFilter(
        min_value=1,
        max_value=LIST_LIMIT_MAX,
        method="filter_nothing",
        help_text=format_lazy(
            _("At most this many of the newest initiatives (default {default}, max {max})"),
            default=LIST_LIMIT_DEFAULT,
            max=LIST_LIMIT_MAX,
        ),
    )

    def filter_nothing(self, queryset, name, value):
        return queryset


def initiatives_geojson(queryset, *, limit: int = LIST_LIMIT_DEFAULT) -> bytes:
    """The newest `limit` initiatives of the (public, filtered) queryset as GeoJSON text."""
    ordered = queryset.order_by("-submitted_at", "-pk")[:limit]
    return feature_collection(ordered, initiative_properties(), id_field="public_id")
