"""Filters shared by the API's GeoJSON endpoints. Every bad value is a 400 with a field message."""

from __future__ import annotations

import math

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from maps.models import Area


class BBoxField(forms.CharField):
    default_error_messages = {
        "invalid": _(
            "Give four numbers: min_lon,min_lat,max_lon,max_lat (WGS84 degrees, longitude first)."
        ),
        "range": _("Longitude must lie between -180 and 180, latitude between -90 and 90."),
        "order": _(
            "The minimum must be smaller than the maximum (min_lon,min_lat,max_lon,max_lat)."
        ),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            numbers = [float(part) for part in value.split(",")]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        min_lon, min_lat, max_lon, max_lat = numbers
        if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
            raise forms.ValidationError(self.error_messages["range"], code="range")
        if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
            raise forms.ValidationError(self.error_messages["range"], code="range")
        if min_lon >= max_lon or min_lat >= max_lat:
            raise forms.ValidationError(self.error_messages["order"], code="order")
        return tuple(numbers)


class BBoxFilter(django_filters.Filter):
    field_class = BBoxField

    def filter(self, qs, value):
        return qs.in_bbox(value) if value else qs


class AreaCodeFilter(django_filters.CharFilter):
    """Features inside the area with this CBS code (unknown codes are a 400, not an empty list)."""

    def filter(self, qs, value):
        if not value:
            return qs
        area = Area.objects.only("geom").filter(code=value.strip()).first()
        if area is None:
            raise ValidationError({self.field_name: [_("Unknown area code: %s") % value]})
        return qs.within_area(area)


class IsoDateFilter(django_filters.DateFilter):
    """A date as YYYY-MM-DD only, whatever the request's language (no 31-12-2026 in Dutch)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)


class LayerFilterSet(django_filters.FilterSet):
    bbox = BBoxFilter(
        help_text=_("Only features touching this box: min_lon,min_lat,max_lon,max_lat (WGS84)")
    )
    area = AreaCodeFilter(help_text=_("Only features inside this area (CBS code, e.g. WK010601)"))
