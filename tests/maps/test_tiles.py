"""Vector tiles of the map layers, fetched in-process and decoded; the revalidation with the
ETag over real HTTP, from gunicorn's workers sharing the tile cache."""

import pytest

from maps.models import Area, Centre, PlannedWork, Playground
from maps.tiles.cache import MAX_TILES_PER_ZOOM, tiles_purge
from tests.maps.tiles import features, tile_for
from tests.participatie.pins.raw import in_buffered_tile_at, mercator

pytestmark = pytest.mark.django_db
MVT = "application/vnd.mapbox-vector-tile"


def get_tile(api, layer, z, x, y, **params):
    response = api.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == MVT
    return response


def test_a_centre_tile_holds_that_centre_with_its_properties(api):
    centre = Centre.objects.first()
    z, x, y = tile_for(centre.geom.x, centre.geom.y, 15)
    found = features(get_tile(api, "centres", z, x, y).content, "centres")
    match = [f for f in found if f["id"] == centre.pk]
    assert match, found
    assert match[0]["properties"]["name"] == centre.name
    assert match[0]["properties"]["address"] == centre.address
    assert match[0]["geometry"]["type"] == "Point"


def test_the_district_tile_at_zoom_11_holds_all_ten_districts(api):
    assen = Area.objects.municipality().get().geom.centroid
    z, x, y = tile_for(assen.x, assen.y, 11)
    found = features(get_tile(api, "areas", z, x, y, level="district").content, "areas")
    assert {f["properties"]["code"] for f in found} == set(
        Area.objects.districts().values_list("code", flat=True)
    )
    lariks = next(f for f in found if f["properties"]["name"] == "Lariks")
    assert lariks["properties"]["is_priority"] is True


def test_playground_tiles_hold_exactly_the_playgrounds_of_their_tile(api):
    hood = Area.objects.get(code="BU01060000")
    chosen = Playground.objects.within_area(hood).first()
    z, x, y = tile_for(chosen.geom.x, chosen.geom.y, 14)
    found = features(get_tile(api, "playgrounds", z, x, y).content, "playgrounds")
    # From the raw coordinates: the playgrounds in the tile or its 64-pixel buffer.
    expected = {
        pk
        for pk, geom in Playground.objects.values_list("pk", "geom")
        if in_buffered_tile_at(*mercator(geom.x, geom.y), z, x, y)
    }
    assert chosen.pk in expected and len(expected) < Playground.objects.count()
    assert {f["id"] for f in found} == expected
    assert all(f["properties"]["is_demo"] for f in found)


def test_tile_filters_match_the_api_filters(api):
    work = PlannedWork.objects.first()
    centre = work.geom.centroid
    z, x, y = tile_for(centre.x, centre.y, 10)
    kinds = {
        f["properties"]["kind"]
        for f in features(
            get_tile(api, "planned-works", z, x, y, kind=work.kind).content, "planned-works"
        )
    }
    assert kinds == {work.kind}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/tiles/playgrounds/23/0/0.pbf", 400),
        ("/tiles/playgrounds/3/8/0.pbf", 400),
        ("/tiles/playgrounds/3/0/8.pbf", 400),
        ("/tiles/playgrounds/-1/0/0.pbf", 404),
        ("/tiles/playgrounds/a/b/c.pbf", 404),
        ("/tiles/playgrounds/99999999999999999999/0/0.pbf", 400),
        ("/tiles/castles/1/0/0.pbf", 404),
        ("/tiles/castles.json", 404),
        ("/tiles/planned-works/10/530/333.pbf?kind=castle", 400),
        ("/tiles/playgrounds/10/530/333.pbf?area=XX", 400),
    ],
)
def test_malformed_tile_requests_get_400_or_404_never_500(api, path, status):
    assert api.get(path).status_code == status


@pytest.mark.http_path
def test_an_unchanged_tile_answers_304_to_its_etag(http_api):
    """As a browser revalidates: over HTTP, each request answered by whichever gunicorn
    worker accepts it (the rendered tile and its ETag live in the cache they share)."""
    first = get_tile(http_api, "areas", 10, 530, 333)
    etag = first.headers["ETag"]
    again = http_api.get("/tiles/areas/10/530/333.pbf", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    assert "max-age" in first.headers["Cache-Control"]


def test_tilejson_describes_the_layer_and_its_tile_url(api):
    body = api.get("/tiles/planned-works.json").json()
    assert body["tilejson"] == "3.0.0"
    assert body["tiles"][0].endswith("/tiles/planned-works/{z}/{x}/{y}.pbf")
    assert "owner" in body["vector_layers"][0]["fields"]


def test_a_new_feature_shows_in_its_cached_tile_once_purged(client):
    centre = Centre.objects.first()
    z, x, y = tile_for(centre.geom.x, centre.geom.y, 16)
    url = f"/tiles/centres/{z}/{x}/{y}.pbf"
    before = features(client.get(url).content, "centres")
    moved = Centre.objects.create(
        name="Nieuw centrum", address="Brink 1", geom=centre.geom.clone(), is_demo=True
    )
    assert features(client.get(url).content, "centres") == before  # served from the cache
    tiles_purge("centres", moved.geom.extent)
    after = features(client.get(url).content, "centres")
    assert {f["id"] for f in after} == {f["id"] for f in before} | {moved.pk}


@pytest.mark.parametrize("tile_cache", [True, False], ids=["tile-cache", "no-tile-cache"])
def test_a_bbox_sent_with_a_tile_changes_that_tile_for_nobody(api, settings, tile_cache):
    """`bbox` (and `limit`) are checked but do not change a tile: a request that sends a bbox
    far from the tile gets the whole tile, and so does every visitor after it — the tile
    stored and the statement compiled for the layer are not narrowed to that bbox."""
    from maps.tiles.sql import STATEMENTS

    settings.TILE_CACHE = tile_cache
    STATEMENTS.clear()
    hood = Area.objects.get(code="BU01060000")
    chosen = Playground.objects.within_area(hood).first()
    z, x, y = tile_for(chosen.geom.x, chosen.geom.y, 14)
    expected = {
        pk
        for pk, geom in Playground.objects.values_list("pk", "geom")
        if in_buffered_tile_at(*mercator(geom.x, geom.y), z, x, y)
    }
    far = Playground.objects.exclude(pk__in=expected).order_by("pk").first().geom
    bbox = ",".join(map(str, (far.x - 0.001, far.y - 0.001, far.x + 0.001, far.y + 0.001)))

    with_bbox = features(get_tile(api, "playgrounds", z, x, y, bbox=bbox).content, "playgrounds")
    after = features(get_tile(api, "playgrounds", z, x, y).content, "playgrounds")
    filtered_after = features(
        get_tile(api, "playgrounds", z, x, y, age_group=chosen.age_group, bbox=bbox).content,
        "playgrounds",
    )

    assert chosen.pk in expected
    assert {f["id"] for f in with_bbox} == expected
    assert {f["id"] for f in after} == expected
    assert {f["id"] for f in filtered_after} == {
        pk for pk in expected if Playground.objects.get(pk=pk).age_group == chosen.age_group
    }


@pytest.mark.parametrize("z", [0, 12, 21, 22])
def test_a_purged_point_refreshes_its_cached_tile_at_every_zoom(client, z):
    """From the whole world (zoom 0) to the deepest tile the map asks for (MAX_ZOOM, 22)."""
    centre = Centre.objects.first()
    _, x, y = tile_for(centre.geom.x, centre.geom.y, z)
    url = f"/tiles/centres/{z}/{x}/{y}.pbf"
    before = features(client.get(url).content, "centres")
    added = Centre.objects.create(
        name="Nieuw centrum", address="Brink 1", geom=centre.geom.clone(), is_demo=True
    )
    assert features(client.get(url).content, "centres") == before  # served from the cache

    tiles_purge("centres", added.geom.extent)

    after = features(client.get(url).content, "centres")
    assert {f["id"] for f in after} == {f["id"] for f in before} | {added.pk}


def test_purging_a_box_too_big_for_tile_by_tile_refreshes_the_whole_layer(client):
    """A box that touches more than MAX_TILES_PER_ZOOM tiles at some zoom (the whole
    municipality) makes every cached tile of the layer stale at once, also one that holds
    nothing of what changed; the tiles of another layer stay cached."""
    municipality = Area.objects.municipality().get()
    west, south, east, north = municipality.geom.extent
    (_, x0, y0), (_, x1, y1) = tile_for(west, north, 22), tile_for(east, south, 22)
    assert (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_TILES_PER_ZOOM
    centre = Centre.objects.first()
    z, x, y = tile_for(centre.geom.x, centre.geom.y, 16)
    centre_url = f"/tiles/centres/{z}/{x}/{y}.pbf"
    work = PlannedWork.objects.first()
    wz, wx, wy = tile_for(work.geom.centroid.x, work.geom.centroid.y, 14)
    work_url = f"/tiles/planned-works/{wz}/{wx}/{wy}.pbf"
    client.get(centre_url)
    work_before = features(client.get(work_url).content, "planned-works")
    assert work.pk in {f["id"] for f in work_before}
    # Renamed without the models' purge (a raw update, as a bulk load would).
    Centre.objects.filter(pk=centre.pk).update(name="Buurthuis Hernoemd")
    PlannedWork.objects.filter(pk=work.pk).update(name="Werk hernoemd")

    names0 = {f["properties"]["name"] for f in features(client.get(centre_url).content, "centres")}
    assert "Buurthuis Hernoemd" not in names0, names0  # stale until purged
    tiles_purge("centres", municipality.geom.extent)

    names = {f["properties"]["name"] for f in features(client.get(centre_url).content, "centres")}
    assert "Buurthuis Hernoemd" in names
    # The other layer's tile is still the cached one, with the old name.
    assert features(client.get(work_url).content, "planned-works") == work_before


def test_a_purge_outlasts_the_default_cache_timeout(client, monkeypatch):
    """A purge raises the version of the tiles it touches; that version must last as long as
    the tiles it makes stale (stored for a day), not the cache's default five minutes: an
    hour later the tile rendered before the purge is still not served."""
    import time

    centre = Centre.objects.first()
    z, x, y = tile_for(centre.geom.x, centre.geom.y, 16)
    url = f"/tiles/centres/{z}/{x}/{y}.pbf"
    client.get(url)  # stored
    Centre.objects.filter(pk=centre.pk).update(name="Buurthuis Later Hernoemd")
    tiles_purge("centres", centre.geom.extent)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 3600)

    names = {f["properties"]["name"] for f in features(client.get(url).content, "centres")}

    assert "Buurthuis Later Hernoemd" in names


def test_shapes_are_cut_at_the_tiles_64_pixel_buffer(api):
    """A shape larger than its tile (the municipality around a neighbourhood's tile) is cut
    off 64 of 4,096 units past each edge: enough for a line drawn across a tile border,
    never the rest of the shape."""
    hood = Area.objects.get(code="BU01060000")
    spot = hood.geom.point_on_surface
    z, x, y = tile_for(spot.x, spot.y, 16)

    found = features(get_tile(api, "areas", z, x, y).content, "areas")

    municipality = [f for f in found if f["properties"]["level"] == "municipality"]
    assert municipality  # the tile lies inside Assen

    def points(coordinates):
        if isinstance(coordinates[0], int | float):
            yield coordinates
        else:
            for part in coordinates:
                yield from points(part)

    xs, ys = zip(*points(municipality[0]["geometry"]["coordinates"]), strict=True)
    assert (min(xs), max(xs), min(ys), max(ys)) == (-64, 4096 + 64, -64, 4096 + 64)
