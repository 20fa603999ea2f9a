"""Web Mercator tile arithmetic (slippy-map tile numbering, as ST_TileEnvelope uses)."""

from __future__ import annotations

import math

MAX_LAT = 85.0511287798066


def tile_of(lon: float, lat: float, z: int) -> tuple[float, float]:
    """Fractional tile coordinates (x, y) of a WGS84 point at zoom z."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    n = 2**z
    x = (lon + 180.0) / 360.0 * n
    rad = math.radians(lat)
    y = (1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * n
    return min(max(x, 0.0), n - 1e-9), min(max(y, 0.0), n - 1e-9)


def tiles_touching(
    bbox: tuple[float, float, float, float], z: int, margin: float
) -> tuple[range, range]:
    """Ranges of tile x and y at zoom z whose envelope, grown by `margin` (a fraction of a
    tile, the MVT buffer), touches the WGS84 bbox."""
    min_lon, min_lat, max_lon, max_lat = bbox
    x0, y0 = tile_of(min_lon, max_lat, z)
    x1, y1 = tile_of(max_lon, min_lat, z)
    n = 2**z
    xs = range(max(0, math.floor(x0 - margin)), min(n - 1, math.floor(x1 + margin)) + 1)
    ys = range(max(0, math.floor(y0 - margin)), min(n - 1, math.floor(y1 + margin)) + 1)
    return xs, ys
