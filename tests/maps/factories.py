"""Geometry helpers and factories for map tests."""

import json

from django.contrib.gis.geos import GEOSGeometry, Point


def square(lon: float, lat: float, size: float = 0.01) -> list:
    """A closed ring (GeoJSON coordinates) of a square with its south-west corner at lon/lat."""
    return [
        [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    ]


POLYGON = object()


def feature(props: dict, coordinates=None, geometry=POLYGON) -> dict:
    """A GeoJSON feature; a Polygon of `coordinates` unless another geometry (or None) is given."""
    if geometry is POLYGON:
        geometry = {"type": "Polygon", "coordinates": coordinates}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(features: list, crs: str | None = None) -> dict:
    data = {"type": "FeatureCollection", "features": features}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    return data


def write_geojson(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def point(lon: float, lat: float) -> Point:
    return Point(lon, lat, srid=4326)


def geometry(data: dict) -> GEOSGeometry:
    return GEOSGeometry(json.dumps(data), srid=4326)
