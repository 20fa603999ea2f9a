import django_filters
from django.utils.translation import gettext_lazy as _

from api.filters import IsoDateFilter, LayerFilterSet
from maps.models import Area, Centre, Greenery, PlannedWork, Playground


class AreaFilterSet(LayerFilterSet):
    level = django_filters.ChoiceFilter(choices=Area.Level.choices)
    parent = django_filters.CharFilter(
        field_name="parent__code", help_text=_("Only areas directly below this CBS code")
    )
    is_priority = django_filters.BooleanFilter()

    class Meta:
        model = Area
        fields = ["level", "parent", "is_priority"]


class PlaygroundFilterSet(LayerFilterSet):
    class Meta:
        model = Playground
        fields = ["age_group"]


class GreeneryFilterSet(LayerFilterSet):
    class Meta:
        model = Greenery
        fields = ["kind"]


class CentreFilterSet(LayerFilterSet):
    class Meta:
        model = Centre
        fields = []


class PlannedWorkFilterSet(LayerFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=PlannedWork.Kind.choices)
    status = django_filters.MultipleChoiceFilter(choices=PlannedWork.Status.choices)
    owner = django_filters.CharFilter(field_name="owner__slug", help_text=_("Partner slug"))
    active_on = IsoDateFilter(
        method="filter_active_on",
        help_text=_("Works going on at this date (YYYY-MM-DD)"),
    )
    start = IsoDateFilter(
        method="filter_period",
        help_text=_("Works not ended before this date (YYYY-MM-DD)"),
    )
    end = IsoDateFilter(
        method="filter_period",
        help_text=_("Works started on or before this date (YYYY-MM-DD)"),
    )

    class Meta:
        model = PlannedWork
        fields = ["kind", "status", "owner"]

    def filter_active_on(self, qs, name, value):
        return qs.active_on(value)

    def filter_period(self, qs, name, value):
        return qs.overlapping(value, None) if name == "start" else qs.overlapping(None, value)
