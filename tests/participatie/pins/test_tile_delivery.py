"""How tiles are delivered: gzip for clients that take it (the same MVT either way, from the
cache or fresh), one ETag per representation, statements compiled once per layer, language
and filter (never one filter's tile for another), prepared on the server, and the file
cache that stores the compressed tiles as they are."""

import gzip
import itertools
import time
import zlib

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.utils import translation

from maps.tiles.cache import CULL_EVERY, TileFileCache, compress, decompress
from maps.tiles.sql import (
    STATEMENTS,
    TILE_X,
    TILE_Y,
    TILE_Z,
    StatementCache,
    TileParam,
    bind,
    statement_key,
)
from maps.tiles.views import accepts_gzip
from participatie.pins.models import Pin
from tests.maps.tiles import features, tile_for
from tests.participatie.factories import category, pin_create, point_in
from tests.participatie.pins.raw import in_buffered_tile_at, raw_pins

pytestmark = pytest.mark.django_db
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def pin_tile_path(pin, z):
    z, x, y = tile_for(pin.geom.x, pin.geom.y, z)
    return (z, x, y), f"/tiles/pins/{z}/{x}/{y}.pbf"


def expected_ids(tile, keep=lambda p: True):
    """Public pins (raw columns) in the buffered tile, chosen by `keep`."""
    z, x, y = tile
    return {
        p.id
        for p in raw_pins()
        if p.is_public and keep(p) and in_buffered_tile_at(p.x, p.y, z, x, y)
    }


def pin_ids(body):
    return {f["properties"]["id"] for f in features(body, "pins")}


@pytest.mark.parametrize("z", [16, 8])  # rows and clusters
def test_a_gzip_tile_inflates_to_the_tile_sent_uncompressed_fresh_or_cached(
    api, resident, settings, z
):
    pin = pin_create(resident, geom=point_in())
    tile, path = pin_tile_path(pin, z)
    miss = api.get(path, headers=GZIP)  # rendered, stored compressed
    assert miss.status_code == 200
    assert miss.headers["Content-Encoding"] == "gzip"
    assert {"Accept-Encoding", "Accept-Language"} <= {
        v.strip() for v in miss.headers["Vary"].split(",")
    }
    body = gzip.decompress(miss.content)
    assert len(miss.content) < len(body)
    hit_plain = api.get(path)  # from the cache, inflated for a client without gzip
    assert "Content-Encoding" not in hit_plain.headers
    assert "Accept-Encoding" in hit_plain.headers["Vary"]
    hit_gzip = api.get(path, headers=GZIP)
    assert hit_gzip.content == miss.content
    assert hit_plain.content == body
    settings.TILE_CACHE = False
    fresh_plain = api.get(path)
    fresh_gzip = api.get(path, headers=GZIP)
    assert fresh_plain.content == body
    assert gzip.decompress(fresh_gzip.content) == body
    if z >= 13:
        assert pin_ids(body) == expected_ids(tile) and pin.public_id in pin_ids(body)
    else:
        counts = [f["properties"]["count"] for f in features(body, "pins")]
        assert sum(counts) == len({p.id for p in raw_pins() if p.is_public and _in_tile(p, *tile)})


def _in_tile(p, z, x, y):
    from tests.participatie.pins.raw import tile_of_mercator

    return tile_of_mercator(p.x, p.y, z) == (x, y)


def test_each_representation_has_its_own_etag(api, resident):
    pin = pin_create(resident, geom=point_in())
    _, path = pin_tile_path(pin, 15)
    plain = api.get(path)
    zipped = api.get(path, headers=GZIP)
    assert plain.headers["ETag"] != zipped.headers["ETag"]
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + '-gz"'
    again = api.get(path, headers={**GZIP, "If-None-Match": zipped.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == zipped.headers["ETag"]
    # A client without gzip revalidating the gzip ETag gets the plain tile, not a 304.
    other = api.get(path, headers={"If-None-Match": zipped.headers["ETag"]})
    assert other.status_code == 200 and other.content == plain.content
    assert api.get(path, headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304


def test_an_empty_tile_is_sent_empty_without_content_encoding(api):
    response = api.get("/tiles/pins/16/0/0.pbf", headers=GZIP)
    assert response.status_code == 200
    assert response.content == b""
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize(
    "header, accepted",
    [
        ("gzip", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("deflate, gzip;q=0.8", True),
        ("gzip; q=0.001", True),
        ("*", True),
        ("identity, *;q=0.5", True),
        ("", False),
        ("identity", False),
        ("deflate, br", False),
        ("gzipped", False),
        ("gzip;q=0", False),
        ("gzip;q=0.0", False),
        ("gzip;q=x", False),
        ("*;q=0", False),
        ("*, gzip;q=0", False),
        ("gzip;q=0, *", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, accepted):
    assert accepts_gzip(header) is accepted


def test_compress_is_gzip_of_the_tile_and_an_empty_tile_stays_empty():
    body = b"\x1a\x05pins" * 500
    stored = compress(body)
    assert stored[:2] == b"\x1f\x8b" and len(stored) < len(body)
    assert gzip.decompress(stored) == body == decompress(stored)
    assert compress(body) == stored  # no time stamp: the same tile, the same bytes
    assert compress(b"") == b"" and decompress(b"") == b""


def test_one_filter_is_never_answered_with_another_filters_tile(api, resident, settings):
    """The compiled statement is kept per filter: alternate filters on the same tile and
    every answer holds exactly the pins of its own filter (tile cache off, so each answer
    comes from the kept statements)."""
    settings.TILE_CACHE = False
    spot = point_in()
    idea = pin_create(resident, kind="idea", geom=spot)
    complaint = pin_create(resident, kind="complaint", geom=spot)
    done = pin_create(resident, kind="complaint", geom=spot)
    Pin.objects.filter(pk=done.pk).update(status="done")
    tile, path = pin_tile_path(idea, 16)
    every = expected_ids(tile)
    assert {idea.public_id, complaint.public_id, done.public_id} <= every
    cases = [
        ({}, every),
        ({"kind": "idea"}, expected_ids(tile, lambda p: p.kind == "idea")),
        ({"kind": "complaint"}, expected_ids(tile, lambda p: p.kind == "complaint")),
        ({"status": "done"}, expected_ids(tile, lambda p: p.status == "done")),
        (
            {"hide_closed": "true"},
            expected_ids(tile, lambda p: p.status not in ("done", "declined")),
        ),
        ({"kind": ["idea", "complaint"]}, every),
    ]
    for _ in range(2):
        for params, expected in cases:
            response = api.get(path, params=params)
            assert response.status_code == 200
            assert pin_ids(response.content) == expected, params
    assert idea.public_id not in expected_ids(tile, lambda p: p.kind == "complaint")
    assert done.public_id not in cases[4][1]


def test_a_tile_in_english_and_then_in_dutch_carries_each_language_labels(api, resident, settings):
    settings.TILE_CACHE = False
    pin = pin_create(resident, geom=point_in())
    _, path = pin_tile_path(pin, 17)
    for language in ("en", "nl", "en"):
        with translation.override(language):
            label = str(dict(Pin.Status.choices)[pin.status])
        response = api.get(path, headers={"Accept-Language": language})
        found = [
            f for f in features(response.content, "pins") if f["properties"]["id"] == pin.public_id
        ]
        assert found[0]["properties"]["status_label"] == label, language
    with translation.override("en"):
        english = str(dict(Pin.Status.choices)[pin.status])
    with translation.override("nl"):
        assert str(dict(Pin.Status.choices)[pin.status]) != english


def test_a_bad_filter_is_refused_also_once_its_statement_is_kept(api, resident, settings):
    settings.TILE_CACHE = False
    pin = pin_create(resident, geom=point_in())
    _, path = pin_tile_path(pin, 16)
    assert api.get(path, params={"kind": "idea"}).status_code == 200
    refused = api.get(path, params={"kind": "wish"})
    assert refused.status_code == 400
    assert "kind" in refused.text
    assert api.get(path, params={"hide_closed": "perhaps"}).status_code == 400
    assert api.get(path, params={"category": category().slug}).status_code == 200
    assert api.get(path, params={"category": "no-such-category"}).status_code == 400


def test_no_spelling_of_a_filter_is_served_the_cached_tile_of_another(api, resident, settings):
    """With the tile cache on: `?kind=complaint,idea` is one unknown kind (a 400), also
    after `?kind=idea&kind=complaint` (both kinds, a 200) has put its tile in the cache;
    and a value holding the key's own punctuation is not taken for two parameters."""
    settings.TILE_CACHE = True
    pin = pin_create(resident, kind="idea", geom=point_in())
    _, path = pin_tile_path(pin, 16)
    both = api.get(path, params={"kind": ["idea", "complaint"]})
    assert both.status_code == 200
    assert pin.public_id in pin_ids(both.content)
    assert api.get(path, params={"kind": "complaint,idea"}).status_code == 400
    assert api.get(path, params={"kind": "idea", "status": "new"}).status_code == 200
    assert api.get(path, params={"kind": "idea&status=new"}).status_code == 400
    assert api.get(path, params={"kind": '["idea"]'}).status_code == 400


def test_tile_statements_are_prepared_on_the_server(client, resident, settings):
    settings.TILE_CACHE = False
    pin = pin_create(resident, geom=point_in())
    _, path = pin_tile_path(pin, 16)
    for _ in range(2):
        assert client.get(path).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements"
            " WHERE statement LIKE 'SELECT ST_AsMVT(t, $1, 4096%%'"
        )
        assert cursor.fetchone()[0] >= 1


def test_bind_puts_the_tile_in_the_placeholders_only():
    template = ("SQL", ("pins", TILE_Z, 7, TILE_X, "x", TILE_Y, TileParam("z")))
    assert bind(template, z=14, x=8400, y=5300) == (
        "SQL",
        ("pins", 14, 7, 8400, "x", 5300, 14),
    )
    assert TileParam("x") == TILE_X and TileParam("x") != TILE_Y and TILE_X != "x"
    assert hash(TileParam("y")) == hash(TILE_Y)


def test_statement_keys_tell_layers_languages_and_filters_apart():
    key = statement_key("pins", "nl", {"kind": ["idea", "complaint"], "hide_closed": True})
    assert key == statement_key("pins", "nl", {"hide_closed": True, "kind": ["complaint", "idea"]})
    assert key != statement_key("pins", "en", {"kind": ["idea", "complaint"], "hide_closed": True})
    assert key != statement_key("areas", "nl", {"kind": ["idea", "complaint"], "hide_closed": True})
    assert key != statement_key("pins", "nl", {"kind": ["idea"], "hide_closed": True})
    assert key != statement_key("pins", "nl", {"kind": ["idea", "complaint"]})
    assert key != statement_key("pins", "nl", {"kind": ["idea", "complaint"], "hide_closed": False})
    assert statement_key("pins", "nl", {}) == ("pins", "nl", ())
    assert statement_key("p", "nl", {"a": 1}) != statement_key("p", "nl", {"a": "1"})
    assert statement_key("p", "nl", {"a": ["1"]}) != statement_key("p", "nl", {"a": "1"})
    assert statement_key("p", "nl", {"a": 1}) != statement_key("p", "nl", {"b": 1})


def test_statements_with_model_values_are_not_keyed():
    """An area or a category is compiled by fields that can change: no key, compiled anew."""
    assert statement_key("pins", "nl", {"category": [category()]}) is None
    assert statement_key("pins", "nl", {"area": category()}) is None
    assert statement_key("pins", "nl", {"kind": ["idea"], "x": Pin.objects.all()}) is None
    assert statement_key("pins", "nl", {"kind": ["idea"]}) is not None


def test_the_statement_cache_keeps_the_most_recently_used():
    cache = StatementCache(size=2)
    cache.put("a", ("A", ()))
    cache.put("b", ("B", ()))
    assert cache.get("a") == ("A", ())  # a is now the most recent
    cache.put("c", ("C", ()))
    assert cache.get("b") is None
    assert cache.get("a") == ("A", ()) and cache.get("c") == ("C", ())
    assert len(cache) == 2
    cache.put("a", ("A2", ()))
    assert cache.get("a") == ("A2", ()) and len(cache) == 2
    cache.clear()
    assert len(cache) == 0 and cache.get("a") is None
    assert STATEMENTS.size >= 64


def test_the_tile_file_cache_stores_without_compressing_and_still_culls(tmp_path):
    cache = TileFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    compressible = b"a" * 20_000
    cache.set("tile", (1, compressible, '"e"'), 60)
    assert cache.get("tile") == (1, compressible, '"e"')
    (stored,) = [p for p in tmp_path.iterdir() if p.suffix == ".djcache"]
    assert stored.stat().st_size > 20_000  # not compressed once more
    content = stored.read_bytes()
    assert zlib.compress(b"a" * 20_000) not in content
    cache._writes = itertools.count(1)  # the next write is the first of a round
    for n in range(CULL_EVERY - 1):
        cache.set(f"k{n}", n, 60)
    files = [p for p in tmp_path.iterdir() if p.suffix == ".djcache"]
    assert len(files) == CULL_EVERY  # above MAX_ENTRIES, yet no directory listing so far
    cache.set("last", 0, 60)  # the round's last write culls (half, CULL_FREQUENCY 2)
    files = [p for p in tmp_path.iterdir() if p.suffix == ".djcache"]
    assert len(files) <= CULL_EVERY // 2 + 1
    assert cache.get("last") == 0


def test_the_tile_file_cache_forgets_an_entry_when_its_time_is_up(tmp_path, monkeypatch):
    cache = TileFileCache(str(tmp_path), {})
    cache.set("short", (1, b"kort", '"k"'), 60)
    cache.set("long", (1, b"lang", '"l"'), 3600)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 120)
    assert cache.get("short") is None
    assert cache.get("long") == (1, b"lang", '"l"')
    monkeypatch.setattr(time, "time", lambda: now + 3601)
    assert cache.get("long") is None


def test_the_tile_file_cache_names_files_as_djangos_and_keeps_few_names(tmp_path):
    cache = TileFileCache(str(tmp_path), {"KEY_PREFIX": "t"})
    django_cache = FileBasedCache(str(tmp_path), {"KEY_PREFIX": "t"})
    cache.FILE_NAMES = 3
    for n in range(7):
        cache.set(f"tile:pins:14/{n}/1:abc:gz", (n, b"", '"e"'), 60)
        assert len(cache._file_names) <= 3
    for n in range(7):
        key = f"tile:pins:14/{n}/1:abc:gz"
        assert cache.get(key) == (n, b"", '"e"')
        assert django_cache.get(key) == (n, b"", '"e"')  # the same files
        assert cache._key_to_file(key) == django_cache._key_to_file(key)
    assert cache.get("tile:pins:14/9/1:abc:gz") is None
