"""Filters of the map layers (django-filter FilterSets). One definition per layer serves the
GeoJSON API, the vector tiles, the list pages and the map page's URL. Every bad value is a
field error (the API answers 400 with it), never an empty answer or a server error."""

from __future__ import annotations

import math

import django_filters
from django import forms
from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext_lazy as _

from maps.areas import area_by_code
from maps.models import Area, Centre, Greenery, PlannedWork, Playground


class Refusing:
    """A form field whose refusals are built in one place: the error for a message key, under
    that key as its code (no answer shows a code, so each refusal's code is not a rule of
    its own to test)."""

    def refusal(self, key, **params):
        return forms.ValidationError(self.error_messages[key], code=key, params=params or None)


class BBoxField(Refusing, forms.CharField):
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
            raise self.refusal("invalid") from None
        if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
            raise self.refusal("invalid")
        min_lon, min_lat, max_lon, max_lat = numbers
        if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
            raise self.refusal("range")
        if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
            raise self.refusal("range")
        if min_lon >= max_lon or min_lat >= max_lat:
            raise self.refusal("order")
        return tuple(numbers)


class BBoxFilter(django_filters.CharFilter):
    field_class = BBoxField

    def filter(self, qs, value):
        return qs.in_bbox(value) if value else qs


class AreaCodeField(forms.CharField):
    """A CBS area code, cleaned to its Area (an unknown code is an error, not an empty list)."""

    default_error_messages = {"unknown": _("Unknown area code: %(code)s")}

    def to_python(self, value):
        code = super().to_python(value)
        if not code:
            return None
        # Before the database sees it: PostgreSQL cannot even compare a null character.
        self.run_validators(code)
        area = area_by_code(code, fields=("pk", "code", "level", "geom"))
        if area is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"code": code[:20]}
            )
        return area


class AreaCodeFilter(django_filters.CharFilter):
    """Features inside the area with this CBS code."""

    field_class = AreaCodeField

    def filter(self, qs, value):
        return qs.within_area(value) if value else qs


class PolygonField(Refusing, forms.CharField):
    """A polygon drawn on the map, as `lon,lat;lon,lat;…` (WGS84, longitude first; the
    ring is closed for you). Self-intersecting, tiny or huge shapes are refused."""

    max_vertices = 500
    default_error_messages = {
        "invalid": _("Give the corners as lon,lat;lon,lat;… (at least three, longitude first)."),
        "too_many": _("Draw the area with at most %(max)d corners."),
        "self_intersecting": _("The area crosses itself: draw it again without crossing lines."),
        "range": _("Longitude must lie between -180 and 180, latitude between -90 and 90."),
    }

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            corners = [tuple(float(n) for n in corner.split(",")) for corner in text.split(";")]
        except ValueError:
            raise self.refusal("invalid") from None
        if len(corners) > self.max_vertices:
            raise self.refusal("too_many", max=self.max_vertices)
        if len(corners) < 3 or any(
            len(c) != 2 or not all(math.isfinite(n) for n in c) for c in corners
        ):
            raise self.refusal("invalid")
        if not all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in corners):
            raise self.refusal("range")
        if corners[0] != corners[-1]:
            corners.append(corners[0])
        if len(corners) < 4:
            raise self.refusal("invalid")
        polygon = Polygon(corners, srid=4326)
        if polygon.area == 0:
            raise self.refusal("invalid")
        if not polygon.valid:
            raise self.refusal("self_intersecting")
        return polygon


class PolygonFilter(django_filters.CharFilter):
    """Features inside (or touching) a polygon drawn on the map."""

    field_class = PolygonField

    def filter(self, qs, value):
        return qs.in_shape(value) if value else qs


class RawCheckboxInput(forms.CheckboxInput):
    """A checkbox whose value reaches the field as sent, so the field can refuse a wrong one
    (Django's CheckboxInput turns any text into True)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value in (True, "true", "on"))

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictBooleanField(forms.Field):
    """Yes or no: `true` or `on` (what a checkbox sends), `false`, or empty for no filter.
    Anything else is an error, not silently no filter."""

    accepted_values = ("true", "false", "on")  # also what the OpenAPI schema lists
    widget = RawCheckboxInput
    default_error_messages = {"invalid": _("Give true or false.")}

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        if value in ("true", "on"):
            return True
        if value == "false":
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class OptionalMultipleChoiceField(django_filters.fields.MultipleChoiceField):
    """Several choices; an empty value among them (`?kind=`, what a form's "all" option
    sends) is no choice, not an error."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [v for v in value if v != ""]
        return super().clean(value)


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = OptionalMultipleChoiceField


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


class AreaFilterSet(LayerFilterSet):
    level = django_filters.ChoiceFilter(choices=Area.Level.choices)
    parent = django_filters.CharFilter(
        field_name="parent__code", help_text=_("Only areas directly below this CBS code")
    )
    is_priority = StrictBooleanFilter()

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
    kind = MultipleChoiceFilter(choices=PlannedWork.Kind.choices)
    status = MultipleChoiceFilter(choices=PlannedWork.Status.choices)
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
