"""The rendered-tile cache and its purge.

A cached tile is stored with the generation of its layer and the version of its z/x/y.
Purging bumps the versions of exactly the tiles (every zoom, including the MVT buffer) that
a changed geometry touches, so every filter and language variant of those tiles is stale
at once — no TTL wait, no stale hidden pin. A change too large to enumerate bumps the
layer's generation instead. One `get_many` reads the tile and both counters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.cache import caches

from maps.tiles.grid import tiles_touching
from maps.tiles.sql import BUFFER, EXTENT, MAX_ZOOM

TIMEOUT = 24 * 3600
MAX_TILES_PER_ZOOM = 64


def _cache():
    return caches["tiles"]


def _gen_key(layer: str) -> str:
    return f"tgen:{layer}"


def _ver_key(layer: str, z: int, x: int, y: int) -> str:
    return f"tver:{layer}:{z}/{x}/{y}"


def _canonical_value(value) -> str:
    if isinstance(value, str | bool | int | float):
        return str(value)
    if hasattr(value, "pk"):  # a model instance (an area): its key
        return f"#{value.pk}"
    if isinstance(value, Iterable):  # several values (kinds, statuses, categories)
        return ",".join(sorted({_canonical_value(item) for item in value}))
    return str(value)  # a date, a geometry (as WKT)


def canonical_filter(cleaned: dict) -> str:
    """The part of a tile's cache key that its filter decides: the cleaned values of the
    layer's known parameters, sorted by name, lists sorted and without repeats. A query
    with unknown parameters (`?junk=1`, ignored), another order or repeated values finds
    the same entry, so no query string can fill the cache with copies of one tile."""
    return "&".join(f"{key}={_canonical_value(cleaned[key])}" for key in sorted(cleaned))


def tile_key(layer: str, z: int, x: int, y: int, variant: str) -> str:
    digest = hashlib.blake2b(variant.encode(), digest_size=8).hexdigest()
    return f"tile:{layer}:{z}/{x}/{y}:{digest}"


def cached_tile(layer: str, z: int, x: int, y: int, variant: str):
    """(body, etag) from the cache, or None plus the stamp to store a fresh render with."""
    key, gen, ver = tile_key(layer, z, x, y, variant), _gen_key(layer), _ver_key(layer, z, x, y)
    found = _cache().get_many([key, gen, ver])
    stamp = (found.get(gen, 0), found.get(ver, 0))
    entry = found.get(key)
    if entry and entry[0] == stamp:
        return entry[1], entry[2], stamp
    return None, None, stamp


def store_tile(layer, z, x, y, variant, stamp, body: bytes, etag: str) -> None:
    _cache().set(tile_key(layer, z, x, y, variant), (stamp, body, etag), TIMEOUT)


def _bump(key: str) -> None:
    cache = _cache()
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def tiles_purge(layer: str, bbox: tuple[float, float, float, float]) -> int:
    """Make every cached tile of `layer` that shows something inside bbox stale. Returns the
    number of tile versions bumped (the layer generation counts as one)."""
    margin = BUFFER / EXTENT
    bumped = 0
    for z in range(MAX_ZOOM + 1):
        xs, ys = tiles_touching(bbox, z, margin)
        if len(xs) * len(ys) > MAX_TILES_PER_ZOOM:
            _bump(_gen_key(layer))
            return bumped + 1
        for x in xs:
            for y in ys:
                _bump(_ver_key(layer, z, x, y))
                bumped += 1
    return bumped


def layer_purge(layer: str) -> None:
    _bump(_gen_key(layer))
