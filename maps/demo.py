"""Plausible demo content inside the real neighbourhoods, from a fixed seed.

Everything generated here has is_demo=True and says so in its description: none of it is
real. Points come from PostGIS' seeded ST_GeneratePoints, shapes are built in RD New
(EPSG:28992, metres) and clipped to their neighbourhood, so every feature lies inside the
municipality.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

from django.contrib.gis.db.models import MultiPointField
from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, LineString, MultiPolygon
from django.db import transaction
from django.db.models import Func, Value
from django.utils import timezone

from maps.models import Area, Centre, Greenery, PlannedWork, Playground
from maps.partners.models import Partner
from maps.tiles.cache import layer_purge

DEMO_NOTE = "Voorbeeldgegevens (demo): dit bestaat niet echt."
# Demo content is Dutch content, whatever language the command runs in.
GREENERY_NAMES = {"park": "Park", "grass": "Grasveld", "woodland": "Bosje", "garden": "Buurttuin"}
WORK_NAMES = {
    "renovation": "Renovatie woningen",
    "demolition": "Sloop",
    "new_build": "Nieuwbouw",
    "sewer": "Rioolvervanging",
    "street": "Herinrichting straat",
    "green": "Groenonderhoud",
}
RD = 28992


class GeneratePoints(Func):
    function = "ST_GeneratePoints"
    output_field = MultiPointField(srid=4326)


def _points(area: Area, count: int, seed: int) -> list[GEOSGeometry]:
    row = (
        Area.objects.filter(pk=area.pk)
        .annotate(points=GeneratePoints("geom", Value(count), Value(seed)))
        .values_list("points", flat=True)
        .get()
    )
    return list(row)


@functools.cache
def _transform(source: int, target: int) -> CoordTransform:
    # Building a transformation costs PROJ ~15 ms; reuse it for every shape.
    return CoordTransform(SpatialReference(source), SpatialReference(target))


def _clip(shape_rd: GEOSGeometry, area: Area) -> MultiPolygon | None:
    shape = shape_rd.transform(_transform(RD, 4326), clone=True)
    clipped = shape.intersection(area.geom)
    polygons = [
        g
        for g in (clipped if clipped.geom_type != "Polygon" else [clipped])
        if g.geom_type == "Polygon" and not g.empty
    ]
    if not polygons:
        return None
    return MultiPolygon(polygons, srid=4326)


def _in_rd(point: GEOSGeometry) -> GEOSGeometry:
    return point.transform(_transform(4326, RD), clone=True)


@transaction.atomic
def generate_demo(*, seed: int = 2012, today: dt.date | None = None) -> dict[str, int]:
    """Replace all demo features with a fresh, deterministic set. Returns counts."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    for model in (Playground, Greenery, PlannedWork, Centre):
        model.objects.filter(is_demo=True).delete()

    partners = {p.kind: p for p in Partner.objects.all()}
    if not partners:
        raise ValueError("load the partners first (manage.py load_areas)")
    owners_by_kind = {
        PlannedWork.Kind.RENOVATION: "housing",
        PlannedWork.Kind.DEMOLITION: "housing",
        PlannedWork.Kind.NEW_BUILD: "housing",
        PlannedWork.Kind.SEWER: "municipality",
        PlannedWork.Kind.STREET: "municipality",
        PlannedWork.Kind.GREEN: "municipality",
    }
    playgrounds, greenery, works = [], [], []
    # The configured municipality's neighbourhoods only (MUNICIPALITY_CODE).
    neighbourhoods = list(
        Area.objects.neighbourhoods().of_municipality().select_related("parent").order_by("code")
    )
    for index, hood in enumerate(neighbourhoods):
        hood_seed = seed * 1000 + index
        rural = hood.parent.name == "Buitengebied"
        points = _points(hood, 8, hood_seed)
        if not points:
            continue
        for n, point in enumerate(points[: (1 if rural else 2)]):
            playgrounds.append(
                Playground(
                    name=f"Speelplek {hood.name}" + (f" {n + 1}" if n else ""),
                    description=DEMO_NOTE,
                    age_group=rng.choice(Playground.AgeGroup.values),
                    geom=point,
                    is_demo=True,
                )
            )
        radius = rng.uniform(35, 90)
        shape = (
            _clip(_in_rd(points[2]).buffer(radius, quadsegs=6), hood) if len(points) > 2 else None
        )
        if shape:
            kind = rng.choice(Greenery.Kind.values)
            greenery.append(
                Greenery(
                    name=f"{GREENERY_NAMES[kind]} {hood.name}",
                    description=DEMO_NOTE,
                    kind=kind,
                    geom=shape,
                    is_demo=True,
                )
            )
        # More planned works where the programme renews most: the priority districts.
        work_count = 2 if hood.parent.is_priority else rng.choice([0, 0, 1])
        for w in range(work_count):
            kind = rng.choice(PlannedWork.Kind.values)
            a, b = points[3 + 2 * w], points[4 + 2 * w]
            if kind in (PlannedWork.Kind.SEWER, PlannedWork.Kind.STREET, PlannedWork.Kind.GREEN):
                line = LineString(a.coords, b.coords, srid=4326)
                geom = line.intersection(hood.geom)
                if geom.empty or geom.geom_type not in ("LineString", "MultiLineString"):
                    continue
            else:
                geom = _clip(_in_rd(a).buffer(rng.uniform(20, 45), quadsegs=1), hood)
                if geom is None:
                    continue
            start = today + dt.timedelta(days=rng.randint(-240, 300))
            end = start + dt.timedelta(days=rng.randint(30, 420))
            status = (
                PlannedWork.Status.COMPLETED
                if end < today
                else PlannedWork.Status.IN_PROGRESS
                if start <= today
                else PlannedWork.Status.PLANNED
            )
            works.append(
                PlannedWork(
                    name=f"{WORK_NAMES[kind]} {hood.name}",
                    description=DEMO_NOTE,
                    kind=kind,
                    status=status,
                    owner=partners.get(owners_by_kind[kind]) or next(iter(partners.values())),
                    start_date=start,
                    end_date=end,
                    geom=geom,
                    is_demo=True,
                )
            )
    # Past maps.services on purpose: one insert per layer keeps `make run` fast; the
    # rendered tiles of every demo layer are dropped below instead of purged per feature.
    Playground.objects.bulk_create(playgrounds)
    Greenery.objects.bulk_create(greenery)
    PlannedWork.objects.bulk_create(works)
    centres = _centres(seed)
    Centre.objects.bulk_create(centres)
    for layer in ("playgrounds", "greenery", "planned-works", "centres"):
        transaction.on_commit(lambda layer=layer: layer_purge(layer))
    return {
        "playgrounds": len(playgrounds),
        "greenery": len(greenery),
        "planned_works": len(works),
        "centres": len(centres),
    }


def _centres(seed: int) -> list[Centre]:
    """One information centre per priority district, in its most central neighbourhood."""
    centres = []
    municipality = Area.objects.municipality().only("name").first()
    city = municipality.name if municipality is not None else ""
    districts = Area.objects.districts().of_municipality().filter(is_priority=True)
    for district in districts.order_by("code"):
        hood = district.children.order_by("code").first()
        if hood is None:
            continue
        point = _points(hood, 1, seed)[0]
        centres.append(
            Centre(
                name=f"Buurtinformatiecentrum {district.name}",
                description=DEMO_NOTE + " Een huis met een huiskamer, gerund door vrijwilligers.",
                address=f"Voorbeeldstraat {len(centres) + 1}",
                postcode="9400 AA" if city == "Assen" else "",
                city=city,
                opening_hours="maandag t/m donderdag 09:30–16:00\nvrijdag 09:30–12:00",
                consultation_hours=(
                    "wijkagent: dinsdag 10:00–11:00\njobcoach: donderdag 13:30–15:00"
                ),
                geom=point,
                is_demo=True,
            )
        )
    return centres
