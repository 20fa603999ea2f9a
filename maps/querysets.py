"""Spatial querysets: every spatial filter of the product lives here, chained by callers."""

from __future__ import annotations

import datetime as dt

from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.db import models

BBox = tuple[float, float, float, float]


def bbox_polygon(bbox: BBox) -> Polygon:
    poly = Polygon.from_bbox(bbox)
    poly.srid = 4326
    return poly


class SpatialQuerySet(models.QuerySet):
    geom_field = "geom"

    def in_bbox(self, bbox: BBox) -> SpatialQuerySet:
        """Features touching the box (min_lon, min_lat, max_lon, max_lat), WGS84."""
        return self.filter(**{f"{self.geom_field}__intersects": bbox_polygon(bbox)})

    def in_shape(self, shape: GEOSGeometry) -> SpatialQuerySet:
        """Features touching a shape (a polygon drawn on the map), WGS84."""
        return self.filter(**{f"{self.geom_field}__intersects": shape})

    def within_area(self, area) -> SpatialQuerySet:
        """Features that lie (partly) inside an Area (instance or CBS code)."""
        from maps.models import Area

        if isinstance(area, str):
            area = Area.objects.only("geom").get(code=area)
        return self.filter(**{f"{self.geom_field}__intersects": area.geom})


class AreaQuerySet(SpatialQuerySet):
    def districts(self) -> AreaQuerySet:
        return self.filter(level="district")

    def neighbourhoods(self) -> AreaQuerySet:
        return self.filter(level="neighbourhood")

    def municipality(self, code: str | None = None):
        from django.conf import settings

        return self.filter(level="municipality", code=code or settings.MUNICIPALITY_CODE)

    def of_municipality(self, code: str | None = None) -> AreaQuerySet:
        """The districts and neighbourhoods of the configured municipality (or of `code`):
        another municipality loaded in the same database stays out."""
        from django.conf import settings

        code = code or settings.MUNICIPALITY_CODE
        return self.filter(
            models.Q(parent__code=code, parent__level="municipality")
            | models.Q(parent__parent__code=code, parent__parent__level="municipality")
        )

    def containing(self, point: GEOSGeometry) -> AreaQuerySet:
        return self.filter(geom__intersects=point)

    def covering(self, geom: GEOSGeometry) -> AreaQuerySet:
        return self.filter(geom__covers=geom)


class PlannedWorkQuerySet(SpatialQuerySet):
    def active_on(self, day: dt.date) -> PlannedWorkQuerySet:
        return self.filter(start_date__lte=day, end_date__gte=day)

    def overlapping(self, start: dt.date | None, end: dt.date | None) -> PlannedWorkQuerySet:
        qs = self
        if start:
            qs = qs.filter(end_date__gte=start)
        if end:
            qs = qs.filter(start_date__lte=end)
        return qs
