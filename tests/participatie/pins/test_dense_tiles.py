"""A pin tile of zoom 13 (the map's opening zoom) with more public pins than fit side by side
shows clusters, as the zooms below do; a tile with fewer shows the pins themselves.

Expected answers from first principles: the raw pins in the tile (Web Mercator, 2**z tiles
a side) against the threshold, and the cluster counts as the raw pins per 8th of the tile.
The threshold is lowered to the pins already in the test tile, so that two more pins make
it dense without writing hundreds of pins.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from participatie.pins import clusters
from participatie.pins.clusters import CLUSTER_MAX_ZOOM, DENSE_MAX_ZOOM
from tests.maps.tiles import features
from tests.participatie.factories import pin_create, point_in
from tests.participatie.pins.raw import (
    HALF_WORLD,
    in_buffered_tile,
    in_tile,
    mercator,
    raw_pins,
    tile_of_mercator,
)
from tests.participatie.pins.test_tiles import lonlat

pytestmark = pytest.mark.django_db

Z = CLUSTER_MAX_ZOOM + 1  # the first zoom of pins


def tile_features(client, z, tile, **params):
    response = client.get(f"/tiles/pins/{z}/{tile[0]}/{tile[1]}.pbf", params)
    assert response.status_code == 200
    return features(response.content, "pins")


def public_in(z, tile, kind=None):
    return [
        p
        for p in raw_pins()
        if p.is_public and in_tile(p, z, *tile) and (kind is None or p.kind == kind)
    ]


def eighths(pins, z):
    """Raw pins per cell of an 8 × 8 grid over each tile of zoom z."""
    cell = 2 * HALF_WORLD / 2**z / 8
    return Counter(
        (math.floor((p.x + HALF_WORLD) / cell), math.floor((HALF_WORLD - p.y) / cell)) for p in pins
    )


def test_a_tile_with_more_pins_than_the_threshold_shows_clusters(
    client, resident, monkeypatch, settings
):
    # The same tile is asked for before and after a write inside one transaction, where the
    # cache's purge on commit never comes (test_tile_freshness covers the purge).
    settings.TILE_CACHE = False
    start = point_in()
    x0, y0 = mercator(start.x, start.y)
    tile = tile_of_mercator(x0, y0, Z)
    before = len(public_in(Z, tile))
    monkeypatch.setattr(clusters, "DENSE_TILE_PINS", before + 1)

    # At the threshold: the pins themselves (and those of the tile's buffer), with their ids.
    pin_create(resident, geom=lonlat(x0, y0))
    found = tile_features(client, Z, tile)
    assert len(public_in(Z, tile)) == before + 1
    assert found and not any(f["properties"].get("cluster") for f in found)
    buffered = {p.id for p in raw_pins() if p.is_public and in_buffered_tile(p, Z, *tile)}
    assert {f["properties"]["id"] for f in found} == buffered

    # One more: clusters, one per occupied 8th of the tile, counted from the raw pins.
    pin_create(resident, geom=lonlat(x0 + 1, y0))
    pins = public_in(Z, tile)
    assert len(pins) == before + 2
    found = tile_features(client, Z, tile)
    assert found and all(f["properties"]["cluster"] for f in found)
    assert not any("id" in f["properties"] for f in found)
    assert sorted(f["properties"]["count"] for f in found) == sorted(eighths(pins, Z).values())

    # A filter keeps the tile clustered (the density is the whole map's) and counts its pins.
    complaints = public_in(Z, tile, kind="complaint")
    found = tile_features(client, Z, tile, kind="complaint")
    assert all(f["properties"]["cluster"] for f in found)
    assert sorted(f["properties"]["count"] for f in found) == sorted(
        eighths(complaints, Z).values()
    )


def test_zooms_past_the_dense_zoom_always_show_pins(client, resident, monkeypatch):
    monkeypatch.setattr(clusters, "DENSE_TILE_PINS", 0)
    start = point_in()
    pin = pin_create(resident, geom=start)
    x0, y0 = mercator(start.x, start.y)
    dense = tile_features(client, DENSE_MAX_ZOOM, tile_of_mercator(x0, y0, DENSE_MAX_ZOOM))
    assert dense and all(f["properties"]["cluster"] for f in dense)
    z = DENSE_MAX_ZOOM + 1
    found = tile_features(client, z, tile_of_mercator(x0, y0, z))
    assert pin.public_id in {f["properties"].get("id") for f in found}
    assert not any(f["properties"].get("cluster") for f in found)


def test_pins_just_past_a_tiles_right_and_bottom_edges_do_not_make_it_dense(
    client, resident, monkeypatch, settings
):
    """The count is of the tile's own cells: pins half a metre past its right and bottom
    edges (in the first cells of the neighbouring tiles, inside its buffer) leave a tile at
    the threshold showing its pins."""
    from maps.models import Area

    settings.TILE_CACHE = False
    outline = Area.objects.municipality().get().geom
    size = 2 * HALF_WORLD / 2**Z
    for hood in Area.objects.neighbourhoods().order_by("code"):
        start = hood.geom.point_on_surface
        x0, y0 = mercator(start.x, start.y)
        tile = tile_of_mercator(x0, y0, Z)
        right = -HALF_WORLD + (tile[0] + 1) * size + 0.5
        bottom = HALF_WORLD - (tile[1] + 1) * size - 0.5
        spots = [lonlat(right, y0), lonlat(x0, bottom)]
        if all(outline.contains(spot) for spot in spots):
            break
    else:
        raise AssertionError("no tile with both neighbours inside the municipality")
    monkeypatch.setattr(clusters, "DENSE_TILE_PINS", len(public_in(Z, tile)))

    for spot in spots:
        pin_create(resident, geom=spot)

    found = tile_features(client, Z, tile)
    assert found and not any(f["properties"].get("cluster") for f in found)
    past = [p for p in raw_pins() if p.is_public and tile_of_mercator(p.x, p.y, Z) != tile]
    assert {p.id for p in past} & {f["properties"]["id"] for f in found}  # in the buffer
