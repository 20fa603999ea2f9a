"""The one filter of initiative listings: the list page, the public API and the map layer.
Unknown values are field errors (the API answers 400), never an empty list."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from maps.models import Area
from participatie.initiatives.models import Initiative


def _districts(request=None):
    return Area.objects.districts().order_by("name")


class InitiativeFilterSet(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=_districts,
        to_field_name="code",
        empty_label=_("Every district"),
        help_text=_("CBS code of the district, e.g. WK010601"),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[c for c in Initiative.Status.choices if c[0] != Initiative.Status.DRAFT],
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=Initiative.Kind.choices)

    class Meta:
        model = Initiative
        fields = ["district", "status", "year", "kind"]
