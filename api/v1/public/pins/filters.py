import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from api.filters import IsoDateFilter, LayerFilterSet
from participatie.pins.models import Category, Pin
from participatie.pins.selectors import LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX

# Withdrawn pins are never public, so they cannot be asked for either.
PUBLIC_STATUSES = [c for c in Pin.Status.choices if c[0] != Pin.Status.WITHDRAWN]


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PinFilterSet(LayerFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=Pin.Kind.choices, method="filter_kind", help_text=_("idea and/or complaint")
    )
    category = django_filters.ModelMultipleChoiceFilter(
        queryset=Category.objects.shown_publicly(),
        to_field_name="slug",
        method="filter_category",
        help_text=_("Category slug; repeat for several"),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=PUBLIC_STATUSES, method="filter_status", help_text=_("Repeat for several")
    )
    created_after = IsoDateFilter(
        method="filter_created",
        help_text=_("Created on or after this date (YYYY-MM-DD)"),
    )
    created_before = IsoDateFilter(
        method="filter_created",
        help_text=_("Created on or before this date (YYYY-MM-DD)"),
    )
    # Read by the view; here so that it is validated and documented like the filters.
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

    def filter_kind(self, qs, name, value):
        return qs.of_kind(value) if value else qs

    def filter_category(self, qs, name, value):
        return qs.in_categories(c.slug for c in value) if value else qs

    def filter_status(self, qs, name, value):
        return qs.with_status(value) if value else qs

    def filter_created(self, qs, name, value):
        if name == "created_after":
            return qs.created_between(value, None)
        return qs.created_between(None, value)

    def filter_nothing(self, qs, name, value):
        return qs
