"""How many households live in an initiative's area, from the CBS counts per neighbourhood.

- `neighbourhoods` mode: the sum of the latest count of each chosen neighbourhood.
- `radius` and `drawn` modes: the circle (or the drawn polygon) usually covers parts of
  several neighbourhoods. Where the addresses are not known, we assume the households of a
  neighbourhood are spread evenly over its surface, so a neighbourhood contributes its count
  times the share of its surface that lies inside the shape:

      households ≈ Σ  households(n) × area(shape ∩ n) / area(n)

  Surfaces are measured in metres in RD New (EPSG:28992); the circle is buffered there too
  (64 segments per quarter, within 0.01 % of a true circle's area). A neighbourhood without
  a count contributes nothing (its residents may still back the initiative). The sum is
  rounded to the nearest whole household, halves up.

Every neighbourhood that overlaps the shape by more than `MIN_OVERLAP_M2` is "concerned":
its residents may respond. The tolerance keeps neighbourhoods out whose generalised
boundary merely touches the shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import Transform
from django.contrib.gis.geos import GEOSGeometry, Point
from django.db.models import FloatField, Func, Value

from maps.models import Area
from participatie.initiatives.models import HouseholdCount

RD_NEW = 28992
MIN_OVERLAP_M2 = 1.0
CIRCLE_QUAD_SEGMENTS = 64


class _Area(Func):
    function = "ST_Area"
    output_field = FloatField()


class _Intersection(Func):
    function = "ST_Intersection"
    output_field = GeometryField(srid=RD_NEW)


@dataclass(frozen=True)
class Estimate:
    households: int
    # (neighbourhood id, its count or None, the share of it inside the shape)
    parts: tuple[tuple[int, int | None, float], ...]

    @property
    def neighbourhood_ids(self) -> list[int]:
        return [part[0] for part in self.parts]


def latest_counts(neighbourhood_ids) -> dict[int, int]:
    """The latest household count of each neighbourhood that has one."""
    rows = (
        HouseholdCount.objects.filter(area_id__in=list(neighbourhood_ids))
        .order_by("area_id", "-year")
        .distinct("area_id")
        .values_list("area_id", "households")
    )
    return dict(rows)


def round_households(value: float | Decimal) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def circle(point: Point, radius_m: int) -> GEOSGeometry:
    """The circle around the point, in RD New."""
    rd = point.transform(RD_NEW, clone=True)
    return rd.buffer(radius_m, CIRCLE_QUAD_SEGMENTS)


def shape_estimate(shape: GEOSGeometry) -> Estimate:
    """The households in `shape` (any SRID), area-weighted over the neighbourhoods."""
    rd = shape.transform(RD_NEW, clone=True) if shape.srid != RD_NEW else shape
    rd_value = Value(rd.ewkt, output_field=GeometryField(srid=RD_NEW))
    hood_rd = Transform("geom", RD_NEW)
    rows = list(
        Area.objects.neighbourhoods()
        .filter(geom__intersects=rd.transform(4326, clone=True))
        .annotate(
            overlap=_Area(_Intersection(hood_rd, rd_value)),
            surface=_Area(hood_rd),
        )
        .filter(overlap__gt=MIN_OVERLAP_M2)
        .order_by("pk")
        .values_list("pk", "overlap", "surface")
    )
    counts = latest_counts(pk for pk, _, _ in rows)
    parts = []
    total = 0.0
    for pk, overlap, surface in rows:
        share = min(1.0, overlap / surface) if surface else 0.0
        count = counts.get(pk)
        if count is not None:
            total += count * share
        parts.append((pk, count, share))
    return Estimate(households=round_households(total), parts=tuple(parts))


def neighbourhoods_estimate(neighbourhood_ids) -> Estimate:
    ids = sorted(set(neighbourhood_ids))
    counts = latest_counts(ids)
    return Estimate(
        households=sum(counts.values()),
        parts=tuple((pk, counts.get(pk), 1.0) for pk in ids),
    )


__all__ = [
    "Estimate",
    "circle",
    "latest_counts",
    "neighbourhoods_estimate",
    "round_households",
    "shape_estimate",
]
