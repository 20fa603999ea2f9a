"""Reads for the residents' pin pages: choices for the forms, places to search, and the
public pins behind the list page. Access rules come from the pins querysets."""

from __future__ import annotations

from itertools import groupby
from typing import TypedDict

from django.contrib.gis.db.models.functions import Envelope, PointOnSurface
from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _

from maps import geocoding
from maps.models import Area
from participatie.pins.models import Category, Pin
from participatie.pins.querysets import PinQuerySet
from participatie.pins.validation import areas_for, inside_municipality

SEARCH_LIMIT = 8


def neighbourhood_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Neighbourhoods grouped by district (for <optgroup>s); values are CBS codes."""
    hoods = (
        Area.objects.neighbourhoods()
        .select_related("parent")
        .order_by("parent__name", "name")
        .only("code", "name", "parent__name")
    )
    return [
        (district, [(hood.code, hood.name) for hood in group])
        for district, group in groupby(hoods, key=lambda hood: hood.parent.name)
    ]


def area_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Per district: the whole district first, then its neighbourhoods."""
    districts = Area.objects.districts().order_by("name").only("code", "name")
    hoods = dict(neighbourhood_choices())
    return [
        (
            district.name,
            [(district.code, _("All of %(name)s") % {"name": district.name})]
            + hoods.get(district.name, []),
        )
        for district in districts
    ]


def area_bounds() -> dict[str, list[float]]:
    """[min_lon, min_lat, max_lon, max_lat] per district and neighbourhood, for zooming the
    map to the area chosen in the filter."""
    rows = (
        Area.objects.filter(level__in=("district", "neighbourhood"))
        .annotate(box=Envelope("geom"))
        .values_list("code", "box")
    )
    return {code: [round(n, 5) for n in box.extent] for code, box in rows}


def neighbourhood_spot(code: str) -> Point | None:
    """A point inside the neighbourhood, for a pin placed without the map."""
    row = (
        Area.objects.neighbourhoods()
        .filter(code=code)
        .annotate(spot=PointOnSurface("geom"))
        .values_list("spot", flat=True)
        .first()
    )
    return row


def public_category_choices() -> list[tuple[str, str]]:
    return [(c.slug, c.display_name) for c in Category.objects.active().shown_publicly()]


def public_category_names() -> dict[str, str]:
    """Slug → name of every public category (also inactive ones: old pins keep theirs)."""
    return {c.slug: c.display_name for c in Category.objects.shown_publicly()}


def filtered_public_pins(*, kinds, category: str, statuses, area: str) -> PinQuerySet:
    pins = Pin.objects.public().select_related("category", "neighbourhood")
    if kinds:
        pins = pins.of_kind(kinds)
    if category:
        pins = pins.in_categories([category])
    if statuses:
        pins = pins.with_status(statuses)
    if area:
        shape = Area.objects.only("geom").filter(code=area).first()
        pins = pins.within_area(shape) if shape else pins.none()
    return pins


def own_pins(user) -> PinQuerySet:
    """Everything the user posted, also private, hidden and withdrawn pins."""
    return (
        Pin.objects.filter(author=user)
        .select_related("category", "neighbourhood", "district")
        .order_by("-created_at", "-id")
    )


# --- places -------------------------------------------------------------------------


class Place(TypedDict):
    label: str
    type: str
    lon: float
    lat: float


def place_search(text: str) -> list[Place]:
    """Districts and neighbourhoods by name, then addresses and streets from the address
    look-up when it is configured."""
    text = " ".join(text.split())[:100]
    if len(text) < 2:
        return []
    areas = (
        Area.objects.filter(level__in=("district", "neighbourhood"), name__icontains=text)
        .annotate(spot=PointOnSurface("geom"))
        .select_related("parent")
        .order_by("level", "name")[:SEARCH_LIMIT]
    )
    places: list[Place] = []
    for area in areas:
        if area.level == Area.Level.DISTRICT:
            label = _("%(name)s (district)") % {"name": area.name}
        else:
            label = _("%(name)s (neighbourhood in %(district)s)") % {
                "name": area.name,
                "district": area.parent.name if area.parent else "",
            }
        places.append({"label": label, "type": area.level, "lon": area.spot.x, "lat": area.spot.y})
    for found in geocoding.search(text, rows=SEARCH_LIMIT):
        places.append(
            {"label": found["label"], "type": "address", "lon": found["lon"], "lat": found["lat"]}
        )
    return places


def place_describe(point: Point) -> dict:
    """Whether a spot can take a pin, and the neighbourhood and district it lies in."""
    if not inside_municipality(point):
        return {"inside": False, "neighbourhood": None, "district": None}
    hood, district = areas_for(point)
    return {
        "inside": True,
        "neighbourhood": hood.name if hood else None,
        "district": district.name if district else None,
    }
