"""Reads of the areas: which area a code or a spot names, whether a spot lies inside the
municipality, area choices for forms and the place search. Every domain asks here."""

from __future__ import annotations

from itertools import groupby
from typing import TypedDict

from django.conf import settings
from django.contrib.gis.db.models.functions import Envelope, PointOnSurface
from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.exceptions import ImproperlyConfigured
from django.db.models import FloatField, Func, Q
from django.utils.translation import gettext as _

from maps import geocoding
from maps.models import Area

SEARCH_LIMIT = 8


def spot_of(geom: GEOSGeometry) -> Point:
    """The point a geometry is placed at: the point itself, or a point on a line or area."""
    return geom if geom.geom_type == "Point" else geom.point_on_surface


def area_by_code(code: str, *, level: str | None = None, fields: tuple[str, ...] = ()):
    """The area with this CBS code (of this level, when given), or None."""
    areas = Area.objects.all() if level is None else Area.objects.filter(level=level)
    if fields:
        areas = areas.only(*fields)
    return areas.filter(code=(code or "").strip()).first()


def municipality() -> Area:
    found = Area.objects.municipality().only("pk", "name", "code").first()
    if found is None:
        raise ImproperlyConfigured(
            f"municipality {settings.MUNICIPALITY_CODE} is not loaded (manage.py load_areas)"
        )
    return found


def inside_municipality(geom: GEOSGeometry) -> bool:
    return Area.objects.municipality().covering(geom).exists()


def areas_for(geom: GEOSGeometry) -> tuple[Area | None, Area | None]:
    """The neighbourhood and district a location lies in (a line or area: a point on it)."""
    spot = spot_of(geom)
    hood = Area.objects.neighbourhoods().containing(spot).select_related("parent").first()
    if hood is not None and hood.parent and hood.parent.level == Area.Level.DISTRICT:
        return hood, hood.parent
    return hood, Area.objects.districts().containing(spot).first()


def neighbourhood_ids_of(area: Area) -> list[int]:
    """The neighbourhoods an area consists of (itself, for a neighbourhood)."""
    if area.level == Area.Level.NEIGHBOURHOOD:
        return [area.pk]
    hoods = Area.objects.neighbourhoods()
    if area.level == Area.Level.DISTRICT:
        return list(hoods.filter(parent=area).values_list("pk", flat=True))
    return list(hoods.filter(parent__parent=area).values_list("pk", flat=True))


# --- choices for forms -----------------------------------------------------------------


def _not_elsewhere(areas, *, to_municipality: str):
    """Only the districts and neighbourhoods of the configured municipality when it is
    loaded (a database may hold more than one, like the benchmark's 38,000 areas):
    `to_municipality` is the lookup from an area to its municipality."""
    code = settings.MUNICIPALITY_CODE
    if not Area.objects.municipality(code).exists():
        return areas
    return areas.filter(**{f"{to_municipality}__code": code})


def _neighbourhoods_here():
    return _not_elsewhere(Area.objects.neighbourhoods(), to_municipality="parent__parent")


def _districts_here():
    return _not_elsewhere(Area.objects.districts(), to_municipality="parent")


def neighbourhood_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Neighbourhoods grouped by district (for <optgroup>s); values are CBS codes."""
    hoods = (
        _neighbourhoods_here()
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
    districts = _districts_here().order_by("name").only("code", "name")
    hoods = dict(neighbourhood_choices())
    return [
        (
            district.name,
            [(district.code, _("All of %(name)s") % {"name": district.name})]
            + hoods.get(district.name, []),
        )
        for district in districts
    ]


def area_filter_choices() -> list:
    """The area select of a list's filters: the whole municipality first (no filter), then
    every district and its neighbourhoods."""
    return [("", _("Whole municipality")), *area_choices()]


BOX_FUNCTIONS = ("ST_XMin", "ST_YMin", "ST_XMax", "ST_YMax")


def area_bounds(codes=None) -> dict[str, list[float]]:
    """[min_lon, min_lat, max_lon, max_lat] per district and neighbourhood (or per area of
    `codes`), for zooming the map to the area chosen in a filter: the areas of the
    municipality, as in the filter's choices."""
    if codes is not None:
        found = [Area.objects.filter(level__in=("district", "neighbourhood"), code__in=list(codes))]
    else:  # two queries: each finds its areas through an index, where an OR of both scans
        found = [_districts_here(), _neighbourhoods_here()]
    # The four numbers from PostGIS: reading each envelope through GEOS costs more than the
    # query (a page with a hundred areas spent tens of milliseconds on it).
    box = Envelope("geom")
    numbers = [Func(box, function=f, output_field=FloatField()) for f in BOX_FUNCTIONS]
    return {
        code: [round(n, 5) for n in box_numbers]
        for areas in found
        for code, *box_numbers in areas.values_list("code", *numbers)
    }


def district_labels(municipality_code: str, *, level: str = "district") -> list[dict]:
    """Name, priority and label point ([lat, lon], well inside the shape) of the districts
    (or neighbourhoods) of a municipality, priority and big ones first: the maps draw area
    outlines from vector tiles, which cut an area into pieces, so its label comes from
    here. `size` is the square degrees of the area's box."""
    box = Envelope("geom")
    spot = PointOnSurface("geom")
    below = (
        Q(parent__code=municipality_code)
        if level == "district"
        else Q(parent__parent__code=municipality_code)
    )
    rows = (
        Area.objects.filter(level=level)
        .filter(below)
        .annotate(spot=spot)
        .values_list(
            "code",
            "name",
            "is_priority",
            "spot",
            *(Func(box, function=f, output_field=FloatField()) for f in BOX_FUNCTIONS),
        )
    )
    labels = [
        {
            "code": code,
            "name": name,
            "is_priority": is_priority,
            "at": [round(spot.y, 5), round(spot.x, 5)],
            "size": round((max_x - min_x) * (max_y - min_y), 6),
        }
        for code, name, is_priority, spot, min_x, min_y, max_x, max_y in rows
        if spot is not None
    ]
    return sorted(labels, key=lambda label: (not label["is_priority"], -label["size"]))


def neighbourhood_spot(code: str) -> Point | None:
    """A point inside the neighbourhood, for something placed without the map."""
    return (
        Area.objects.neighbourhoods()
        .filter(code=code)
        .annotate(spot=PointOnSurface("geom"))
        .values_list("spot", flat=True)
        .first()
    )


# --- places ----------------------------------------------------------------------------


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
    """Whether a spot lies inside the municipality, and its neighbourhood and district."""
    if not inside_municipality(point):
        return {"inside": False, "neighbourhood": None, "district": None}
    hood, district = areas_for(point)
    return {
        "inside": True,
        "neighbourhood": hood.name if hood else None,
        "district": district.name if district else None,
    }
