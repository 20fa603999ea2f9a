"""Helpers for tile tests: which tile holds a point, and decoding."""

import mapbox_vector_tile

from maps.tiles.grid import tile_of


def tile_for(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    x, y = tile_of(lon, lat, z)
    return z, int(x), int(y)


def decode(body: bytes) -> dict:
    return mapbox_vector_tile.decode(body) if body else {}


def features(body: bytes, layer: str) -> list[dict]:
    return decode(body).get(layer, {}).get("features", [])
