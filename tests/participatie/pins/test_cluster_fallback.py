"""Cluster tiles for a filter that the pre-aggregated cells cannot answer (a period): the
pins of the tile are grouped on the fly, on a grid of 8 × 8 cells per tile, one point
(the centroid) with a count per cell, and every pin counts in exactly one tile.

Expected answers from first principles: Web Mercator is a square of 2 × 20037508.342789244
metres, z/x/y divides it into 2**z tiles a side, and a cell is a tile's 8th; points are
snapped to the nearest multiple of the cell size (PostGIS ST_SnapToGrid), so a cell spans
half a cell either side of a grid point. The pins are placed in Web Mercator metres and
stored in WGS 84 like any pin.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from maps.models import Area
from participatie.pins.models import Pin
from tests.maps.tiles import features
from tests.participatie.factories import UserFactory, pin_create

pytestmark = pytest.mark.django_db

WORLD = 2 * 20037508.342789244
Z = 12
TILE = WORLD / 2**Z
CELL = TILE / 8
EXTENT = 4096
DAY = dt.date(2001, 5, 4)  # no other pin is from that day: the period selects ours only
PERIOD = f"created_after={DAY}&created_before={DAY}"


def centre() -> tuple[float, float]:
    point = Area.objects.get(code="BU01060000").geom.point_on_surface.transform(3857, clone=True)
    return point.x, point.y


def tile_of(x: float, y: float) -> tuple[int, int]:
    return int((x + WORLD / 2) // TILE), int((WORLD / 2 - y) // TILE)


def pins_at(*places: tuple[float, float]) -> list[Pin]:
    """Pins at these Web Mercator places, posted on DAY."""
    author = UserFactory()
    made = []
    for x, y in places:
        made.append(pin_create(author, geom=Point(x, y, srid=3857).transform(4326, clone=True)))
    when = timezone.make_aware(dt.datetime.combine(DAY, dt.time(12)))
    Pin.objects.filter(pk__in=[p.pk for p in made]).update(created_at=when)
    return made


def clusters(client, tx: int, ty: int) -> list[tuple[int, float, float]]:
    """(count, x, y) of each cluster point of tile Z/tx/ty, in Web Mercator metres."""
    response = client.get(f"/tiles/pins/{Z}/{tx}/{ty}.pbf?{PERIOD}")
    assert response.status_code == 200
    left, bottom = tx * TILE - WORLD / 2, WORLD / 2 - (ty + 1) * TILE
    found = []
    for feature in features(response.content, "pins"):
        assert feature["properties"]["cluster"] is True
        px, py = feature["geometry"]["coordinates"]  # tile units, y up
        found.append(
            (feature["properties"]["count"], left + px * TILE / EXTENT, bottom + py * TILE / EXTENT)
        )
    return sorted(found)


def near(a: float, b: float) -> bool:
    return abs(a - b) <= TILE / EXTENT  # one tile unit: the MVT's resolution


def test_pins_in_one_cell_make_one_point_at_their_centroid(client):
    x, y = centre()
    k = 2 * round(x / (2 * CELL))  # an even grid point, so the cell two wide differs
    row = round(y / CELL) * CELL
    # Two pins 0.4 cell either side of grid point k (one cell; two of a grid twice as fine),
    # one 0.6 cell past it (the next cell; the same one of a grid twice as coarse).
    a1, a2, b = (k - 0.4) * CELL, (k + 0.4) * CELL, (k + 0.6) * CELL
    pins_at((a1, row), (a2, row), (b, row))
    tx, ty = tile_of(x, y)
    assert all(tile_of(p, row) == (tx, ty) for p in (a1, a2, b))

    found = clusters(client, tx, ty)

    assert [count for count, _, _ in found] == [1, 2]
    (_, bx, by), (_, ax, ay) = found
    assert near(ax, (a1 + a2) / 2) and near(ay, row)
    assert near(bx, b) and near(by, row)


def test_a_pin_a_centimetre_past_the_middle_between_grid_points_is_in_the_next_cell(client):
    """The cell size is the world's width over 2**(z + 3): a pin 1 cm past the midline
    between two grid points joins the far one, 1 cm before it the near one."""
    x, y = centre()
    k = round(x / CELL)
    row = round(y / CELL) * CELL
    before, after = (k + 0.5) * CELL - 0.01, (k + 0.5) * CELL + 0.01
    pins_at((k * CELL, row), (before, row), (after, row), ((k + 1) * CELL, row))
    tx, ty = tile_of(x, y)

    found = clusters(client, tx, ty)

    assert [count for count, _, _ in found] == [2, 2]
    (_, nx, _), (_, fx, _) = sorted(found, key=lambda cluster: cluster[1])
    assert near(nx, (k * CELL + before) / 2)
    assert near(fx, (after + (k + 1) * CELL) / 2)


def test_a_pin_on_either_side_of_a_tile_edge_counts_in_its_own_tile_only(client):
    """A cell centred on the edge between two tiles: each tile groups only its own pins."""
    x, y = centre()
    edge = round((x + WORLD / 2) / TILE) * TILE - WORLD / 2
    row = round(y / CELL) * CELL
    west, east = edge - 0.2 * CELL, edge + 0.2 * CELL
    pins_at((west, row), (east, row))
    (wx, ty), (ex, _) = tile_of(west, row), tile_of(east, row)
    assert ex == wx + 1

    west_tile, east_tile = clusters(client, wx, ty), clusters(client, ex, ty)

    assert [count for count, _, _ in west_tile] == [1]
    assert near(west_tile[0][1], west)
    assert [count for count, _, _ in east_tile] == [1]
    assert near(east_tile[0][1], east)
