"""Checks shared by the pin services: plain text, a location inside the municipality, a
category that takes the kind. Each adds field errors to an `Errors` collection, so that a
form can show every problem at once."""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maps.areas import inside_municipality, municipality
from participatie.guards.text import visible_text
from participatie.pins.models import Category, Pin

GEOMETRY_TYPES = ("Point", "LineString", "Polygon")
TITLE_MAX = 120
DESCRIPTION_MAX = 5000
COMMENT_MAX = 2000
REASON_MAX = 2000


class Errors(dict):
    """Field errors collected before raising, so a form can show all of them at once."""

    def add(self, field: str, message, code: str, **params) -> None:
        self.setdefault(field, []).append(ValidationError(message, code=code, params=params))

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def fail(field: str, message, code: str, **params):
    errors = Errors()
    errors.add(field, message, code, **params)
    errors.raise_if_any()


# --- checks ---------------------------------------------------------------------------


def text_clean(errors: Errors, field: str, value, *, max_length: int, required: bool) -> str:
    """Plain text, stored as given (HTML is not interpreted, it is escaped on output);
    whitespace and invisible characters at the ends are dropped (participatie/guards/text.py)."""
    value = visible_text(value or "")
    if "\x00" in value:
        errors.add(field, _("The text contains a null character."), "null_characters")
    elif required and not value:
        errors.add(field, _("This field may not be blank."), "blank")
    elif len(value) > max_length:
        errors.add(field, _("Use at most %(max)d characters."), "max_length", max=max_length)
    return value


def coordinate_numbers(coords) -> Iterable[float]:
    """Every coordinate number of a GEOS `coords` tuple, however deeply nested."""
    for item in coords:
        if isinstance(item, tuple):
            yield from coordinate_numbers(item)
        else:
            yield item


def location_clean(errors: Errors, geom, field: str = "geom") -> GEOSGeometry | None:
    """A valid, non-empty point, line or area in WGS84 inside the municipality."""
    if not isinstance(geom, GEOSGeometry):
        errors.add(field, _("Give the location as a point."), "required")
        return None
    if geom.empty:
        errors.add(field, _("The location is empty."), "empty")
        return None
    if geom.geom_type not in GEOMETRY_TYPES:
        errors.add(field, _("A pin is a point, a line or an area."), "geometry_type")
        return None
    if not all(math.isfinite(n) for n in coordinate_numbers(geom.coords)):
        errors.add(field, _("The coordinates must be finite numbers."), "not_finite")
        return None
    if geom.srid is None:
        geom = geom.clone()
        geom.srid = 4326
    elif geom.srid != 4326:
        geom = geom.transform(4326, clone=True)
    min_lon, min_lat, max_lon, max_lat = geom.extent
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        errors.add(
            field,
            _("Longitude must lie between -180 and 180, latitude between -90 and 90."),
            "range",
        )
        return None
    if not geom.valid:
        errors.add(
            field, _("The shape is not valid: %(reason)s"), "invalid", reason=geom.valid_reason
        )
        return None
    if not inside_municipality(geom):
        if geom.geom_type == "Point" and inside_municipality(Point(geom.y, geom.x, srid=4326)):
            errors.add(
                field, _("Coordinates swapped? GeoJSON is [longitude, latitude]."), "swapped"
            )
        else:
            errors.add(
                field,
                _("This place lies outside the municipality of %(name)s."),
                "outside_municipality",
                name=municipality().name,
            )
        return None
    return geom


def category_check(errors: Errors, category, kind: str) -> None:
    if kind not in Pin.Kind.values:
        errors.add("kind", _("Choose idea or complaint."), "invalid_choice")
        return
    if not isinstance(category, Category) or not category.is_active:
        errors.add("category", _("Choose one of the categories."), "invalid_choice")
    elif not category.allows(kind):
        errors.add(
            "category",
            _("This category takes no %(kind)s."),
            "kind_not_allowed",
            kind=Pin.Kind(kind).label.lower(),
        )
