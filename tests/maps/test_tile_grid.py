"""Tile arithmetic against PostGIS and PROJ: which tile a point lies in, and which tiles
(grown by the MVT buffer) a box touches, at the world's edges too."""

import math

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from maps.tiles.grid import MAX_LAT, tile_of, tiles_touching

pytestmark = pytest.mark.django_db
HALF = math.pi * 6378137  # half the Web Mercator world, in metres
MARGIN = 64 / 4096


def mercator_tile(lon: float, lat: float, z: int) -> tuple[float, float]:
    """Fractional tile numbers from the point's Web Mercator metres (projected by PROJ)."""
    point = Point(lon, lat, srid=4326)
    point.transform(3857)
    n = 2**z
    return (point.x + HALF) / (2 * HALF) * n, (HALF - point.y) / (2 * HALF) * n


def touching(bbox, z: int, margin: float) -> tuple[set[int], set[int]]:
    """The tile columns and rows whose envelope, grown by `margin` of a tile, overlaps the
    box projected to Web Mercator (PostGIS's ST_TileEnvelope and ST_Transform decide)."""
    west, south, east, north = bbox
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH box AS (SELECT ST_Transform(ST_MakeEnvelope(%(w)s, %(s)s, %(e)s, %(n)s, 4326),
                                             3857) AS g),
                 tiles AS (SELECT i, ST_TileEnvelope(%(z)s, i, 0, margin => %(m)s) AS col,
                                  ST_TileEnvelope(%(z)s, 0, i, margin => %(m)s) AS row
                           FROM generate_series(0, (2 ^ %(z)s)::int - 1) AS i)
            SELECT 'x', i FROM tiles, box
                WHERE ST_XMin(col) <= ST_XMax(g) AND ST_XMax(col) >= ST_XMin(g)
            UNION ALL
            SELECT 'y', i FROM tiles, box
                WHERE ST_YMin(row) <= ST_YMax(g) AND ST_YMax(row) >= ST_YMin(g)
            """,
            {"w": west, "s": south, "e": east, "n": north, "z": z, "m": margin},
        )
        found = cursor.fetchall()
    return {i for axis, i in found if axis == "x"}, {i for axis, i in found if axis == "y"}


@pytest.mark.parametrize(
    ("lon", "lat", "z"),
    [(6.5646, 52.9925, 12), (6.5646, 52.9925, 18), (-73.98, 40.75, 7), (151.2, -33.9, 9)],
    ids=["assen-z12", "assen-z18", "new-york-z7", "sydney-z9"],
)
def test_a_point_lies_in_the_tile_its_mercator_metres_say(lon, lat, z):
    x, y = tile_of(lon, lat, z)
    expected_x, expected_y = mercator_tile(lon, lat, z)
    assert x == pytest.approx(expected_x, abs=1e-6)
    assert y == pytest.approx(expected_y, abs=1e-6)


def test_the_centre_of_the_world_is_the_corner_of_the_four_tiles_of_zoom_one():
    assert tile_of(0.0, 0.0, 1) == pytest.approx((1.0, 1.0))
    assert tile_of(-90.0, 0.0, 2) == pytest.approx((1.0, 2.0))


def test_points_beyond_the_mercator_world_land_in_its_edge_tiles():
    n = 2**4
    assert tile_of(-180.0, 89.9, 4) == (0.0, 0.0)
    x, y = tile_of(180.0, -89.9, 4)
    assert n - 1 < x < n and n - 1 < y < n  # inside the last tile, not beyond it
    assert tile_of(10.0, MAX_LAT, 4)[1] == pytest.approx(0.0, abs=1e-6)
    assert tile_of(10.0, 90.0, 4) == tile_of(10.0, MAX_LAT, 4)
    assert tile_of(10.0, -90.0, 4) == tile_of(10.0, -MAX_LAT, 4)


@pytest.mark.parametrize("z", [0, 1, 3, 6, 9, 12])
def test_the_tiles_a_box_touches_are_the_ones_postgis_finds(z):
    bbox = (6.52, 52.97, 6.61, 53.02)  # Assen
    xs, ys = tiles_touching(bbox, z, MARGIN)
    assert (set(xs), set(ys)) == touching(bbox, z, MARGIN)


def test_the_margin_reaches_into_the_neighbouring_tiles():
    z = 10
    # A box just inside tile x=528, y=335, a hair from its west and north edges.
    west_edge = 528 / 2**z * 360 - 180
    north_lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * 335 / 2**z))))
    bbox = (west_edge + 1e-6, north_lat - 0.001, west_edge + 0.002, north_lat - 1e-6)
    xs, ys = tiles_touching(bbox, z, MARGIN)
    assert (list(xs), list(ys)) == ([527, 528], [334, 335])
    assert (set(xs), set(ys)) == touching(bbox, z, MARGIN)
    # Without a margin only the tile itself.
    assert tiles_touching(bbox, z, 0.0) == (range(528, 529), range(335, 336))


def test_the_ranges_stop_at_the_edges_of_the_world():
    z = 5
    n = 2**z
    north_west = (-180.0, 84.0, -179.0, 85.0)
    xs, ys = tiles_touching(north_west, z, MARGIN)
    assert (xs.start, ys.start) == (0, 0)
    assert (set(xs), set(ys)) == touching(north_west, z, MARGIN)
    south_east = (179.0, -85.0, 180.0, -84.0)
    xs, ys = tiles_touching(south_east, z, MARGIN)
    assert (xs.stop, ys.stop) == (n, n)
    assert (set(xs), set(ys)) == touching(south_east, z, MARGIN)
    assert tiles_touching((-180.0, -85.0, 180.0, 85.0), z, MARGIN) == (range(n), range(n))
