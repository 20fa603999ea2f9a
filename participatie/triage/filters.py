"""The workspace's filters: the residents' pin filters (PinFilterSet) widened to what staff
handle — every category and status they may see, the handling partner and person, the due
date — plus an area drawn on the map. Applied to `Pin.objects.visible_to(user)` only, so a
filter can never show more than the user's role and districts allow."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maps.filters import PolygonFilter, StrictBooleanFilter
from maps.partners.models import Partner
from participatie.pins import roles
from participatie.pins.filters import ListAsSelect, PinFilterSet
from participatie.pins.models import Category, Pin

ME, NOBODY = "me", "none"


class AssigneeField(forms.CharField):
    """`me`, `none` (unassigned) or a user id."""

    default_error_messages = {"invalid": _("Choose me, nobody or a person from the list.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value or value in (ME, NOBODY):
            return value or None
        if not value.isdigit() or len(value) > 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(value)


class AssigneeFilter(django_filters.Filter):
    field_class = AssigneeField

    def filter(self, qs, value):
        if value is None:
            return qs
        if value == NOBODY:
            return qs.filter(assignee__isnull=True)
        user = self.parent.request.user if value == ME else None
        return qs.filter(assignee=user.pk if user is not None else value)


class TriageFilterSet(PinFilterSet):
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        method="filter_category",
        widget=ListAsSelect(empty_label=_("All categories")),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Pin.Status.choices,
        method="filter_status",
        widget=ListAsSelect(empty_label=_("All statuses")),
    )
    polygon = PolygonFilter(
        label=_("Drawn area"),
        widget=forms.HiddenInput,
        help_text=_("Corners lon,lat;lon,lat;… of an area drawn on the map"),
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        queryset=Partner.objects.all(),
        to_field_name="slug",
        empty_label=_("All partners"),
    )
    assignee = AssigneeFilter(label=_("Assigned to"))
    overdue = StrictBooleanFilter(label=_("Only overdue"), method="filter_overdue")
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)

    class Meta:
        model = Pin
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        # Confidential categories are offered only to those who may see such signals.
        if not roles.sees_confidential(getattr(request, "user", None)):
            category = self.filters["category"]
            category.queryset = Category.objects.filter(is_sensitive=False)
            # The filters are a deep copy of the class's: a form field that was built on the
            # class before (the OpenAPI schema builds them) would still offer every category.
            category.__dict__.pop("_field", None)

    def filter_overdue(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(responded_at__isnull=True, due_at__lt=timezone.now()).exclude(
            status=Pin.Status.WITHDRAWN
        )

    def filter_text(self, qs, name, value):
        value = " ".join(value.split())
        if not value:
            return qs
        return qs.filter(Q(title__icontains=value) | Q(description__icontains=value))
