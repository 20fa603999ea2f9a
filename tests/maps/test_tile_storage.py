"""How a rendered tile is stored and sent: gzip bytes that depend on the tile alone (one
ETag, one body, whenever and by whichever server process it is rendered), compressed at
the fast level, and kept in the cache for a day."""

import gzip
import time

import pytest

from maps.models import Centre
from maps.tiles.cache import SMALL_TILE, compress, tiles_purge
from tests.maps.tiles import features, tile_for

pytestmark = pytest.mark.django_db
GZIP = {"Accept-Encoding": "gzip"}


def centre_tile_url(centre) -> str:
    z, x, y = tile_for(centre.geom.x, centre.geom.y, 16)
    return f"/tiles/centres/{z}/{x}/{y}.pbf"


def test_a_tile_rendered_again_an_hour_later_is_the_same_gzip_bytes(client, monkeypatch):
    """The gzip ETag is strong: the same ETag must mean the same bytes. A tile rendered
    anew later (after a purge, or by another server process) is sent byte for byte as
    before, so a client or proxy that holds the first copy has the current one."""
    centre = Centre.objects.first()
    url = centre_tile_url(centre)
    first = client.get(url, headers=GZIP)
    assert first["Content-Encoding"] == "gzip"
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 3600)
    tiles_purge("centres", centre.geom.extent)  # rendered anew, nothing in it changed

    again = client.get(url, headers=GZIP)

    assert again["ETag"] == first["ETag"]
    assert again.content == first.content


def test_a_gzip_tile_is_plain_gzip_without_a_time_stamp(client):
    """The gzip header (RFC 1952: ID1 ID2 CM FLG, MTIME in four bytes) says deflate, no
    extra fields and no time stamp (MTIME 0: the bytes depend on the tile only), and the
    standard library's gzip reads it as the tile sent to a client without gzip. (How fast
    it is compressed is the benchmark's: the uncached z14 row of `make bench`.)"""
    url = centre_tile_url(Centre.objects.first())
    body = client.get(url, headers=GZIP).content
    plain = client.get(url).content

    assert body[:4] == b"\x1f\x8b\x08\x00"  # gzip, deflate, no extra fields or name
    assert body[4:8] == b"\x00\x00\x00\x00"
    assert features(plain, "centres")  # a tile with something in it
    assert gzip.decompress(body) == plain


def test_a_rendered_tile_is_kept_for_a_day_and_no_longer(client, monkeypatch):
    """A tile is rendered once and then served from the cache, an hour later too (not
    again every five minutes, the cache's default); a change that no purge announced (a
    raw update, as a bulk load makes) shows once the day is over."""
    centre = Centre.objects.first()
    url = centre_tile_url(centre)
    client.get(url)  # stored
    Centre.objects.filter(pk=centre.pk).update(name="Buurthuis Stil Hernoemd")
    now = time.time()

    def names():
        return {f["properties"]["name"] for f in features(client.get(url).content, "centres")}

    monkeypatch.setattr(time, "time", lambda: now + 3600)
    assert centre.name in names() and "Buurthuis Stil Hernoemd" not in names()
    monkeypatch.setattr(time, "time", lambda: now + 24 * 3600 + 60)
    assert "Buurthuis Stil Hernoemd" in names()


@pytest.mark.parametrize("size", [153, SMALL_TILE - 1, SMALL_TILE, 400_000])
def test_small_and_large_tiles_are_packed_as_plain_gzip_smaller_than_the_tile(size):
    """Both packers (zlib under SMALL_TILE bytes, ISA-L from there on) write standard gzip
    without a time stamp that is smaller than the tile."""
    body = (b"\x1a\x96\x01\n\x04pins\x12\x13cluster\x18\x01count" * (size // 20 + 1))[:size]
    packed = compress(body)
    assert packed[:4] == b"\x1f\x8b\x08\x00" and packed[4:8] == b"\x00\x00\x00\x00"
    assert gzip.decompress(packed) == body
    assert len(packed) < len(body)
    assert compress(body) == packed  # the bytes depend on the tile only
