"""A pins tile carries the pins of a 64-pixel margin around it (of its 4,096 units a side),
so a symbol on a tile edge is drawn whole from either side; what lies further out is
neither drawn nor read. Positions are worked out in Web Mercator from the tile numbering."""

import pytest

from maps.tiles.layers import LAYERS
from maps.tiles.render import layer_rows
from tests.maps.tiles import features
from tests.participatie.factories import pin_create, point_in
from tests.participatie.pins.raw import (
    HALF_WORLD,
    MVT_BUFFER,
    MVT_EXTENT,
    in_buffered_tile,
    mercator,
    raw_pins,
    tile_of_mercator,
    tile_size,
)
from tests.participatie.pins.test_tiles import lonlat

pytestmark = pytest.mark.django_db
Z = 16  # rows, never clusters


def a_tile_in_assen():
    """Tile x, y of zoom Z around a point in Assen; its west edge, north edge and pixel."""
    x, y = tile_of_mercator(*mercator(*point_in("BU01060000").coords), Z)
    size = tile_size(Z)
    return x, y, -HALF_WORLD + x * size, HALF_WORLD - y * size, size / MVT_EXTENT


def test_pins_a_few_pixels_past_the_right_and_bottom_edges_are_drawn_in_the_buffer(
    client, resident
):
    x, y, west, north, pixel = a_tile_in_assen()
    east, south = west + MVT_EXTENT * pixel, north - MVT_EXTENT * pixel
    middle_x, middle_y = west + 2048 * pixel, north - 2048 * pixel
    right = pin_create(resident, geom=lonlat(east + 10 * pixel, middle_y))
    below = pin_create(resident, geom=lonlat(middle_x, south - 20 * pixel))
    too_far = pin_create(resident, geom=lonlat(east + (MVT_BUFFER + 6) * pixel, middle_y))
    assert tile_of_mercator(east + 10 * pixel, middle_y, Z) == (x + 1, y)
    assert tile_of_mercator(middle_x, south - 20 * pixel, Z) == (x, y + 1)

    response = client.get(f"/tiles/pins/{Z}/{x}/{y}.pbf")

    assert response.status_code == 200
    drawn = {f["properties"]["id"]: f["geometry"] for f in features(response.content, "pins")}
    # Tile units; the decoder counts y upwards from the bottom edge (0).
    assert drawn[right.public_id] == {"type": "Point", "coordinates": [4096 + 10, 2048]}
    assert drawn[below.public_id] == {"type": "Point", "coordinates": [2048, -20]}
    assert too_far.public_id not in drawn


def test_a_tile_reads_the_pins_of_its_tile_and_buffer_not_the_whole_layer(resident):
    """The spatial index picks a tile's rows: only the pins within its 64-pixel margin are
    read, so a street-level tile costs what lies around it, not every pin of the map."""
    x, y, west, north, pixel = a_tile_in_assen()
    inside = pin_create(resident, geom=lonlat(west - 30 * pixel, north - 100 * pixel))
    outside = pin_create(resident, geom=lonlat(west - 90 * pixel, north - 100 * pixel))
    spec = LAYERS["pins"]

    rows = layer_rows(spec, spec.queryset(), z=Z, x=x, y=y)
    read = {row["p_id"] for row in rows}

    public = [p for p in raw_pins() if p.is_public]
    expected = {p.id for p in public if in_buffered_tile(p, Z, x, y)}
    assert inside.public_id in expected and outside.public_id not in expected
    assert len(expected) < len(public)
    assert read == expected
