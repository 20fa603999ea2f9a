"""The one filter of redesign-project listings: the residents' list page, the public API
and the map layer. Unknown values are field errors (the API answers 400), never an empty
list."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from maps import areas
from maps.filters import AreaCodeFilter, BBoxFilter
from participatie.voting.models import RedesignProject


class TouchingAreaFilter(AreaCodeFilter):
    """Projects on a street in the area, or whose voters live there."""

    def filter(self, qs, value):
        return qs.touching_area(value) if value else qs


class ProjectFilterSet(django_filters.FilterSet):
    bbox = BBoxFilter(
        help_text=_(
            "Only projects whose street or square touches this box: "
            "min_lon,min_lat,max_lon,max_lat (WGS84)"
        )
    )
    area = TouchingAreaFilter(
        label=_("Neighbourhood or district"),
        widget=forms.Select(choices=areas.area_filter_choices),
        help_text=_("Projects on a street in this area or whose voters live there (CBS code)"),
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"),
        choices=[
            (value, label)
            for value, label in RedesignProject.Phase.choices
            if value != RedesignProject.Phase.DRAFT
        ],
        empty_label=_("Every phase"),
        method="filter_phase",
    )

    class Meta:
        model = RedesignProject
        fields = ["bbox", "area", "phase"]

    def filter_phase(self, queryset, name, value):
        return queryset.in_phase(value) if value else queryset
