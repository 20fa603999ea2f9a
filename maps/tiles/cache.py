"""The rendered-tile cache and its purge.

A cached tile is stored with the generation of its layer and the version of its z/x/y.
Purging bumps the versions of exactly the tiles (every zoom, including the MVT buffer) that
a changed geometry touches, so every filter and language variant of those tiles is stale
at once — no TTL wait, no stale hidden pin. A change too large to enumerate bumps the
layer's generation instead. One `get_many` reads the tile and both counters.

Tiles are stored gzip-compressed (`compress`): served as they are to clients that accept
gzip, inflated for the others. Without Redis, the file cache is `TileFileCache`, which does
not compress what is already compressed.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import pickle
import zlib

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from isal import igzip

from maps.tiles.grid import tiles_touching
from maps.tiles.sql import BUFFER, EXTENT, MAX_ZOOM

TIMEOUT = 24 * 3600
MAX_TILES_PER_ZOOM = 64
# gzip of stored tiles, written by ISA-L (python-isal; standard gzip, any client reads it):
# its level 1 packs a tile to about 46 %, a little smaller than zlib's level 1, in a
# quarter to a fifth of zlib's time, which every miss pays — the densest z14 tile (379 KB)
# 1.06 ms against 4.5 ms (zlib level 6: ~9 ms), a 40 KB tile 0.1 against 0.5 ms. A tile
# under SMALL_TILE bytes (a cluster tile of a few cells) is packed by zlib: there ISA-L
# writes a few bytes more, and a 153-byte tile came out as 156.
COMPRESS_LEVEL = 1
SMALL_TILE = 1024
# The file cache counts its files (a directory listing) only every this many writes.
CULL_EVERY = 64


def compress(body: bytes) -> bytes:
    """A tile as stored and sent with Content-Encoding: gzip; an empty tile stays empty."""
    if not body:
        return b""
    if len(body) < SMALL_TILE:
        return gzip.compress(body, compresslevel=COMPRESS_LEVEL, mtime=0)
    return igzip.compress(body, compresslevel=COMPRESS_LEVEL, mtime=0)


def decompress(stored: bytes) -> bytes:
    return igzip.decompress(stored) if stored else b""


class TileFileCache(FileBasedCache):
    """Django's file cache without its zlib level 6 on every write and read: the tiles are
    gzip already (compressing them again cost ~13 ms per 250 KB tile for nothing). It
    counts its files only on every CULL_EVERY-th write, not on each, so a miss does not list
    a directory of many thousand tiles; MAX_ENTRIES may be passed by that many per process."""

    _writes = itertools.count()
    FILE_NAMES = 10_000

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._file_names: dict = {}

    def validate_key(self, key):
        """Keys are the tile cache's own (layer, z/x/y, a digest): a hit reads three of them,
        so no check for memcached's limits, which a file cache does not have."""

    def _key_to_file(self, key, version=None):
        # The md5 of the key, remembered: a hit names three files.
        name = self._file_names.get((key, version))
        if name is None:
            if len(self._file_names) >= self.FILE_NAMES:
                self._file_names.clear()
            name = self._file_names[key, version] = super()._key_to_file(key, version)
        return name

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), 0))

    def _cull(self):
        if next(self._writes) % CULL_EVERY == 0:
            super()._cull()


def _cache():
    return caches["tiles"]


def _gen_key(layer: str) -> str:
    return f"tgen:{layer}"


def _ver_key(layer: str, z: int, x: int, y: int) -> str:
    return f"tver:{layer}:{z}/{x}/{y}"


def canonical_filter(sent: dict[str, list[str]]) -> str:
    """The part of a tile's cache key that its filter decides: the layer's known parameters
    as sent, in the order of their names, each with its values sorted and without repeats
    (`views.sent_filter` makes it so). A query with unknown parameters (`?junk=1`,
    ignored), another order or repeated values finds the same entry, so no query string can
    fill the cache with copies of one tile. The values are JSON-encoded, so no spelling of
    one filter has the key of another: `?kind=complaint,idea` (one value, refused) is not
    `?kind=idea&kind=complaint`."""
    return json.dumps(sent)


# What a tile holds for the same rows, as rendered by this code: raised with every change
# to the tiles' content (2: 8×8 cluster points instead of 32×32, clusters on dense zoom-13
# tiles), so that a cache that outlives a release (the file cache in .local/cache, Redis)
# never serves a tile of the old layout.
TILE_LAYOUT = 2


def tile_key(layer: str, z: int, x: int, y: int, variant: str) -> str:
    digest = hashlib.blake2b(variant.encode(), digest_size=8).hexdigest()
    # "gz": entries hold gzip bodies (an entry of an older layout is never read as one).
    return f"tile{TILE_LAYOUT}:{layer}:{z}/{x}/{y}:{digest}:gz"


def cached_tile(layer: str, z: int, x: int, y: int, variant: str):
    """(gzip body, etag, stamp) from the cache, or None, None and the stamp to store a
    fresh render with."""
    key, gen, ver = tile_key(layer, z, x, y, variant), _gen_key(layer), _ver_key(layer, z, x, y)
    found = _cache().get_many([key, gen, ver])
    stamp = (found.get(gen, 0), found.get(ver, 0))
    entry = found.get(key)
    if entry and entry[0] == stamp:
        return entry[1], entry[2], stamp
    return None, None, stamp


def store_tile(layer, z, x, y, variant, stamp, compressed: bytes, etag: str) -> None:
    """Store a tile's gzip body (`compress`) under the stamp cached_tile returned."""
    _cache().set(tile_key(layer, z, x, y, variant), (stamp, compressed, etag), TIMEOUT)


def _bump(key: str) -> None:
    cache = _cache()
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def tiles_purge(layer: str, bbox: tuple[float, float, float, float]) -> None:
    """Make every cached tile of `layer` that shows something inside bbox stale: the
    version of each tile it touches (with the MVT buffer), at every zoom; from the first
    zoom where that is more than MAX_TILES_PER_ZOOM tiles, the whole layer instead."""
    margin = BUFFER / EXTENT
    for z in range(MAX_ZOOM + 1):
        xs, ys = tiles_touching(bbox, z, margin)
        if len(xs) * len(ys) > MAX_TILES_PER_ZOOM:
            _bump(_gen_key(layer))
            return
        for x in xs:
            for y in ys:
                _bump(_ver_key(layer, z, x, y))


def layer_purge(layer: str) -> None:
    _bump(_gen_key(layer))
