"""The one filter definition of pins. It serves the public API list, the list page, the
pins tile layer and the map page (whose URL carries the same parameters), so a filtered
map, list and API answer always agree and can be shared as a link."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from maps import areas
from maps.filters import (
    AreaCodeFilter,
    IsoDateFilter,
    LayerFilterSet,
    MultipleChoiceFilter,
    StrictBooleanFilter,
)
from participatie.pins.models import OPEN_STATUSES, PUBLIC_STATUS_CHOICES, Category, Pin
from participatie.pins.selectors import LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX


class ListAsSelect(forms.Select):
    """One <select> with an "all" option, read as a (repeatable) list parameter, so the
    pages offer one choice while the API accepts several (`?status=new&status=done`)."""

    def __init__(self, *args, empty_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_label = empty_label

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        values = getlist(name) if getlist else data.get(name)
        if values is None:
            return []
        values = values if isinstance(values, list | tuple) else [values]
        return [value for value in values if value != ""]  # an empty value is no choice

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        # value_from_datadict drops empty values, so "all" is chosen when nothing is.
        empty = self.create_option(name, "", self.empty_label, not value, 0)
        return [(None, [empty], 0), *groups]


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PinFilterSet(LayerFilterSet):
    kind = MultipleChoiceFilter(
        label=_("Kind"),
        choices=Pin.Kind.choices,
        method="filter_kind",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("idea and/or complaint"),
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.shown_publicly(),
        to_field_name="slug",
        method="filter_category",
        widget=ListAsSelect(empty_label=_("All categories")),
        help_text=_("Category slug; repeat for several"),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=PUBLIC_STATUS_CHOICES,
        method="filter_status",
        widget=ListAsSelect(empty_label=_("All statuses")),
        help_text=_("Repeat for several"),
    )
    hide_closed = StrictBooleanFilter(
        label=_("Hide done and declined"),
        method="filter_hide_closed",
        help_text=_("Only open reports (new, acknowledged, planned) unless a status is chosen"),
    )
    area = AreaCodeFilter(
        label=_("Area"),
        # Called only when a page renders the form, never for API or tile requests.
        widget=forms.Select(choices=areas.area_filter_choices),
        help_text=_("Only pins inside this area (CBS code, e.g. WK010601)"),
    )
    created_after = IsoDateFilter(
        label=_("From"),
        method="filter_created",
        help_text=_("Created on or after this date (YYYY-MM-DD)"),
    )
    created_before = IsoDateFilter(
        label=_("Until"),
        method="filter_created",
        help_text=_("Created on or before this date (YYYY-MM-DD)"),
    )
    # Read by the API view; here so that it is validated and documented like the filters.
    limit = IntegerFilter(
        min_value=1,
        max_value=LIST_LIMIT_MAX,
        method="filter_nothing",
        help_text=format_lazy(
            _("At most this many of the newest pins (default {default}, max {max})"),
            default=LIST_LIMIT_DEFAULT,
            max=LIST_LIMIT_MAX,
        ),
    )

    class Meta:
        model = Pin
        fields = []

    # django-filter calls a filter's method only with a value outside its EMPTY_VALUES: never
    # with an empty list of kinds or statuses. An empty queryset of categories is no such
    # value, hence the check there.

    def filter_kind(self, qs, name, value):
        return qs.of_kind(value)

    def filter_category(self, qs, name, value):
        return qs.in_categories(c.slug for c in value) if value else qs

    def filter_status(self, qs, name, value):
        return qs.with_status(value)

    def filter_hide_closed(self, qs, name, value):
        # An explicitly chosen status wins over "hide done and declined".
        if value and not self.form.cleaned_data.get("status"):
            return qs.with_status(OPEN_STATUSES)
        return qs

    def filter_created(self, qs, name, value):
        if name == "created_after":
            return qs.created_between(value, None)
        return qs.created_between(None, value)

    def filter_nothing(self, qs, name, value):
        return qs
