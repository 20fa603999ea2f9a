"""The `pins` vector-tile layer: visibility, filters, clusters and freshness."""

import math
from collections import Counter

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from maps.models import Area
from participatie.pins import services
from participatie.pins.clusters import CLUSTER_MAX_ZOOM, REBUILD_SQL
from tests.maps.tiles import features, tile_for
from tests.participatie.factories import category, pin_create, point_in, sensitive_category
from tests.participatie.pins.raw import (
    HALF_WORLD,
    in_tile,
    mercator,
    raw_pins,
    tile_of_mercator,
)

pytestmark = pytest.mark.django_db


def pin_tile(client, pin, z, **params):
    z, x, y = tile_for(pin.geom.x, pin.geom.y, z)
    response = client.get(f"/tiles/pins/{z}/{x}/{y}.pbf", params)
    assert response.status_code == 200
    return features(response.content, "pins")


def lonlat(mx: float, my: float) -> Point:
    """A Web Mercator point as WGS84 degrees (the inverse of raw.mercator)."""
    radius = HALF_WORLD / math.pi
    lon = math.degrees(mx / radius)
    lat = math.degrees(2 * math.atan(math.exp(my / radius)) - math.pi / 2)
    return Point(lon, lat, srid=4326)


def ids(found):
    return {f["properties"]["id"] for f in found if not f["properties"].get("cluster")}


def cluster_total(found):
    return sum(f["properties"]["count"] for f in found if f["properties"].get("cluster"))


def cells_by_zoom():
    """Public pins per zoom as the cluster tables count them; both tables must agree."""
    with connection.cursor() as c:
        c.execute("SELECT zoom, sum(count) FROM pins_pincell GROUP BY zoom ORDER BY zoom")
        per_dimension = dict(c.fetchall())
        c.execute("SELECT zoom, sum(count) FROM pins_pincell_total GROUP BY zoom ORDER BY zoom")
        assert dict(c.fetchall()) == per_dimension
        return per_dimension


def test_a_public_pin_is_in_its_tile_with_its_properties(client, resident):
    pin = pin_create(resident, title="Kapotte lantaarnpaal")
    found = [f for f in pin_tile(client, pin, 16) if f["properties"].get("id") == pin.public_id]
    assert found[0]["properties"]["title"] == "Kapotte lantaarnpaal"
    assert found[0]["properties"]["kind"] == "complaint"
    assert "author" not in found[0]["properties"]


def test_sensitive_hidden_and_withdrawn_pins_are_in_no_tile_at_any_zoom(
    client, resident, admin_user
):
    spot = point_in("BU01060000")
    sensitive = pin_create(resident, category=sensitive_category(), kind="complaint", geom=spot)
    hidden = pin_create(resident, geom=spot)
    services.pin_hide(pin=hidden, by=admin_user, reason="Persoonsgegevens")
    withdrawn = pin_create(resident, geom=spot)
    services.pin_withdraw(pin=withdrawn, by=resident)
    visible = pin_create(resident, geom=spot)
    secret = {sensitive.public_id, hidden.public_id, withdrawn.public_id}
    for z in range(0, 23):
        found = pin_tile(client, visible, z)
        assert not ids(found) & secret, f"zoom {z}"
        if z <= CLUSTER_MAX_ZOOM:
            # Clusters count only what the public may see (worked out from raw columns).
            assert cluster_total(found) == public_in_tile(visible, z) > 0
        else:
            assert visible.public_id in ids(found)


def public_in_tile(pin, z, test=lambda p: True) -> int:
    """Public pins (by raw columns) counted in the clusters of the tile holding `pin`."""
    _, x, y = tile_for(pin.geom.x, pin.geom.y, z)
    return sum(1 for p in raw_pins() if p.is_public and test(p) and in_tile(p, z, x, y))


def test_tile_filters_apply_to_pins_and_to_clusters(client, resident):
    spot = point_in("BU01060000")
    idea = pin_create(resident, kind="idea", category=category("groen-en-bomen"), geom=spot)
    complaint = pin_create(resident, kind="complaint", geom=spot)
    assert ids(pin_tile(client, idea, 15, kind="idea")) >= {idea.public_id}
    assert complaint.public_id not in ids(pin_tile(client, idea, 15, kind="idea"))
    low = pin_tile(client, idea, 8, kind="idea")
    assert cluster_total(low) == public_in_tile(idea, 8, lambda p: p.kind == "idea") > 0
    by_category = pin_tile(client, idea, 8, category="groen-en-bomen", area="WK010600")
    hoods = set(Area.objects.filter(parent__code="WK010600").values_list("pk", flat=True))
    assert cluster_total(by_category) == public_in_tile(
        idea, 8, lambda p: p.category == "groen-en-bomen" and p.neighbourhood_id in hoods
    )


def test_the_cluster_cells_stay_exact_through_every_change(resident, admin_user, staff):
    def all_public_per_zoom():
        public = sum(1 for p in raw_pins() if p.is_public)
        return {z: public for z in range(CLUSTER_MAX_ZOOM + 1)}

    assert cells_by_zoom() == all_public_per_zoom()
    pin = pin_create(resident)
    private = pin_create(resident, category=sensitive_category(), kind="complaint")
    services.pin_set_status(pin=pin, status="acknowledged", by=staff)
    services.pin_correct(pin=pin, by=admin_user, geom=point_in("BU01060303"))
    services.pin_hide(pin=pin, by=admin_user, reason="Dubbel")
    services.pin_restore(pin=pin, by=admin_user)
    assert cells_by_zoom() == all_public_per_zoom()
    services.pin_hide(pin=pin, by=admin_user, reason="Dubbel")
    services.pin_delete(pin=private)
    assert cells_by_zoom() == all_public_per_zoom()
    # And the incremental cells equal a full recount.
    with connection.cursor() as c:
        c.execute("SELECT zoom, cx, cy, kind, status, sum(count) FROM pins_pincell "
                  "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5")  # fmt: skip
        incremental = c.fetchall()
        c.execute("SELECT zoom, cx, cy, count, ideas FROM pins_pincell_total ORDER BY 1, 2, 3")
        totals = c.fetchall()
        c.execute(REBUILD_SQL)
        c.execute("SELECT zoom, cx, cy, kind, status, sum(count) FROM pins_pincell "
                  "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5")  # fmt: skip
        assert c.fetchall() == incremental
        c.execute("SELECT zoom, cx, cy, count, ideas FROM pins_pincell_total ORDER BY 1, 2, 3")
        assert c.fetchall() == totals


def test_a_cached_tile_shows_a_new_pin_and_drops_a_hidden_one_at_once(
    client, resident, admin_user, django_capture_on_commit_callbacks
):
    spot = point_in("BU01060000")
    with django_capture_on_commit_callbacks(execute=True):
        first = pin_create(resident, geom=spot)
    for z in (8, 16):
        pin_tile(client, first, z)  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        second = pin_create(resident, geom=spot)
    assert second.public_id in ids(pin_tile(client, first, 16))
    before = cluster_total(pin_tile(client, first, 8))
    with django_capture_on_commit_callbacks(execute=True):
        services.pin_hide(pin=second, by=admin_user, reason="Scheldwoorden")
    assert second.public_id not in ids(pin_tile(client, first, 16))
    assert cluster_total(pin_tile(client, first, 8)) == before - 1


def test_an_unchanged_pin_tile_answers_304_and_a_changed_one_a_new_etag(
    client, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pin = pin_create(resident)
    z, x, y = tile_for(pin.geom.x, pin.geom.y, 16)
    url = f"/tiles/pins/{z}/{x}/{y}.pbf"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        pin_create(resident, geom=pin.geom)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_cluster_points_count_ideas_and_complaints_apart_filtered_or_not(client, resident):
    """The legend's split of a cluster (ideas / complaints) matches the raw pins, from the
    cells of the whole map and from the cells summed over a filter."""
    spot = point_in("BU01060000")
    idea = pin_create(resident, kind="idea", geom=spot)
    pin_create(resident, kind="complaint", geom=spot)
    z = 8
    for params, keep in (({}, lambda p: True), ({"status": "new"}, lambda p: p.status == "new")):
        found = [f for f in pin_tile(client, idea, z, **params) if f["properties"].get("cluster")]
        for kind, prop in (("idea", "ideas"), ("complaint", "complaints")):
            expected = public_in_tile(
                idea, z, lambda p, kind=kind, keep=keep: keep(p) and p.kind == kind
            )
            assert expected > 0
            assert sum(f["properties"].get(prop, 0) for f in found) == expected, (params, prop)


def test_a_cluster_tile_holds_the_cells_up_to_its_edges_and_none_beyond(client, resident):
    """Pins a tenth of a cell either side of a tile edge inside Assen (right and bottom
    edges of z12 tiles), in cells that hold no other pin: each counts in the tile that holds
    it, and no tile shows the cluster of its neighbour's edge cell, although that point lies
    inside its buffer."""
    z = 12
    cell = 2 * HALF_WORLD / 2**z / 8  # 8 × 8 cluster points per tile
    tile_size = 2 * HALF_WORLD / 2**z
    outline = Area.objects.municipality().get().geom
    (x_min, y_min), (x_max, y_max) = mercator(*outline.extent[:2]), mercator(*outline.extent[2:])
    taken = {
        (math.floor((p.x + HALF_WORLD) / cell), math.floor((HALF_WORLD - p.y) / cell))
        for p in raw_pins()
    }

    def cell_of(mx, my):
        return math.floor((mx + HALF_WORLD) / cell), math.floor((HALF_WORLD - my) / cell)

    def free_spot_pair(vertical: bool):
        """Two points across a tile edge, a tenth of a cell from it, both in Assen, in
        cells without pins."""
        lo, hi = (x_min, x_max) if vertical else (y_max, y_min)
        first = math.ceil(((lo + HALF_WORLD) if vertical else (HALF_WORLD - lo)) / tile_size)
        last = math.floor(((hi + HALF_WORLD) if vertical else (HALF_WORLD - hi)) / tile_size)
        for edge_index in range(first, last + 1):
            edge = edge_index * tile_size - HALF_WORLD  # x, or HALF_WORLD - y
            along = (y_min, y_max) if vertical else (x_min, x_max)
            steps = int((along[1] - along[0]) / cell)
            for step in range(1, steps):
                at = along[0] + (step + 0.5) * cell
                pair = []
                for side in (-0.1, 0.1):
                    spot = (edge + side * cell, at) if vertical else (at, -(edge + side * cell))
                    pair.append(spot)
                if all(
                    outline.contains(lonlat(*spot)) and cell_of(*spot) not in taken for spot in pair
                ):
                    return pair
        raise AssertionError("no free tile edge inside the municipality")

    spots = free_spot_pair(vertical=True) + free_spot_pair(vertical=False)
    for spot in spots:
        pin_create(resident, geom=lonlat(*spot))
    for spot in spots:
        tile = tile_of_mercator(*spot, z)
        found = features(client.get(f"/tiles/pins/{z}/{tile[0]}/{tile[1]}.pbf").content, "pins")
        expected = Counter(
            cell_of(p.x, p.y) for p in raw_pins() if p.is_public and in_tile(p, z, *tile)
        )
        assert expected[cell_of(*spot)] == 1
        assert sorted(f["properties"]["count"] for f in found) == sorted(expected.values())


def test_a_cluster_tile_shows_one_cluster_per_8th_of_the_tile(client, resident):
    """Cluster points are the pins of each of the 8×8 cells of the tile (from the raw positions):
    two pins half a cell apart share one cluster, a pin one cell further has its own."""
    z = 12
    start = point_in()
    cell = 2 * HALF_WORLD / 2**z / 8  # 8 × 8 cluster points per tile
    x0, y0 = mercator(start.x, start.y)
    # The middle of the cell holding the start, then a quarter cell either side of it.
    cx, cy = math.floor((x0 + HALF_WORLD) / cell), math.floor((HALF_WORLD - y0) / cell)
    mid_x, mid_y = -HALF_WORLD + (cx + 0.5) * cell, HALF_WORLD - (cy + 0.5) * cell
    for dx in (-0.25, 0.25, 1.0):
        pin_create(resident, geom=lonlat(mid_x + dx * cell, mid_y))
    tile = tile_of_mercator(mid_x, mid_y, z)
    expected = Counter(
        (math.floor((p.x + HALF_WORLD) / cell), math.floor((HALF_WORLD - p.y) / cell))
        for p in raw_pins()
        if p.is_public and in_tile(p, z, *tile)
    )
    assert expected[(cx, cy)] >= 2 and expected[(cx + 1, cy)] >= 1
    for params in ({}, {"kind": "complaint"}):
        response = client.get(f"/tiles/pins/{z}/{tile[0]}/{tile[1]}.pbf", params)
        found = features(response.content, "pins")
        assert all(f["properties"]["cluster"] for f in found)
        if params:
            expected = Counter(
                (math.floor((p.x + HALF_WORLD) / cell), math.floor((HALF_WORLD - p.y) / cell))
                for p in raw_pins()
                if p.is_public and p.kind == "complaint" and in_tile(p, z, *tile)
            )
        assert sorted(f["properties"]["count"] for f in found) == sorted(expected.values())
