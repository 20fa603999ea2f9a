"""Pre-aggregated pin clusters for low-zoom vector tiles.

Grid aggregation over a million pins at request time took 60–150 ms at zooms 6–8 in our
measurements (bench/); a tile must take ≤ 20 ms. So PostgreSQL keeps, for every zoom up to
CLUSTER_MAX_ZOOM, the count and coordinate sums of the *public* pins per grid cell (64×64
cells per tile) and per filter dimension (kind, category, status, neighbourhood). A
trigger on the pin table keeps the cells exact on every insert, update and delete, whatever
the write path (services, admin, bulk loads), under concurrency. A second table holds the
same cells summed over the dimensions, so an unfiltered tile reads at most 64×64 rows;
filtered tiles sum the dimensioned cells of their tile.

A cell's cluster point is the mean position of its pins, so clusters sit where the pins are.
A tile shows 8×8 cluster points (TILE_GRID_LOG2): the cells of the zoom three above, each
the size of 8×8 cells of its own zoom. The pins layer draws 256-pixel tiles, so the points
are 32 pixels apart, about the width of a cluster symbol (22–60 pixels, pinsymbols.js).
Finer grids only stacked symbols on top of each other and made the tiles heavier: 64×64
points gave 89 KB at zoom 8, 32×32 (8 pixels apart) still ~1,000 features and 21 KB per
tile at a million pins. Any grid up to 64×64 reads the same cell table, whose zooms 0–12
hold 64×64 cells per tile; zooms 0–2 have no zoom three above and show finer cells.

From zoom 13 on, tiles carry the pins themselves, except at zoom 13 (the map's opening
zoom) a tile with more public pins than fit side by side (tile_is_dense): at a million pins
the city centre's tiles held thousands of pins on top of each other, and 30 such tiles were
three quarters of the first visit to the map.
"""

from __future__ import annotations

from django.db import connection

from participatie.pins.visibility import pin_public_sql

CLUSTER_MAX_ZOOM = 12  # zooms 0–12 are clusters; from 13 on, tiles carry the pins themselves
GRID_LOG2 = 6  # 2**6 = 64 cells across a tile of the cell's own zoom
TILE_GRID_LOG2 = 3  # 2**3 = 8 cluster points across a tile on the map
HALF_WORLD = 20037508.342789244  # Web Mercator half-width in metres
# A pin tile (256 pixels) holds 16 × 16 pin symbols side by side; with more pins than that
# they only cover each other, so such a tile of zoom up to DENSE_MAX_ZOOM shows clusters.
DENSE_TILE_PINS = 256
DENSE_MAX_ZOOM = CLUSTER_MAX_ZOOM + 1  # the map's opening zoom (maps.basemap.MAP_ZOOM)

# Cell numbers of a 3857 point at zoom z: 2**(z + GRID_LOG2) cells across the world.
_CELL_X = f"floor((ST_X(%(p)s) + {HALF_WORLD}) / {2 * HALF_WORLD} * (2 ^ (z + {GRID_LOG2})))::int"
_CELL_Y = f"floor(({HALF_WORLD} - ST_Y(%(p)s)) / {2 * HALF_WORLD} * (2 ^ (z + {GRID_LOG2})))::int"

# A pin counts on the public map by the one rule of participatie.pins.visibility.
PUBLIC_PIN = pin_public_sql("p")

CREATE_SQL = f"""
CREATE TABLE pins_pincell (
    zoom smallint NOT NULL,
    cx integer NOT NULL,
    cy integer NOT NULL,
    kind varchar(10) NOT NULL,
    category_id bigint NOT NULL,
    status varchar(20) NOT NULL,
    neighbourhood_id bigint,
    count integer NOT NULL,
    sum_x double precision NOT NULL,
    sum_y double precision NOT NULL
);
CREATE UNIQUE INDEX pins_pincell_key ON pins_pincell
    (zoom, cx, cy, kind, category_id, status, neighbourhood_id) NULLS NOT DISTINCT;

-- The same cells summed over every filter dimension: what an unfiltered map reads.
CREATE TABLE pins_pincell_total (
    zoom smallint NOT NULL,
    cx integer NOT NULL,
    cy integer NOT NULL,
    count integer NOT NULL,
    ideas integer NOT NULL,
    sum_x double precision NOT NULL,
    sum_y double precision NOT NULL,
    PRIMARY KEY (zoom, cx, cy)
);

CREATE FUNCTION pins_pincell_apply(p pins_pin, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    pt geometry;
BEGIN
    IF NOT ({PUBLIC_PIN}) THEN
        RETURN;
    END IF;
    pt := ST_PointOnSurface(p.geom_3857);
    INSERT INTO pins_pincell AS cell
        (zoom, cx, cy, kind, category_id, status, neighbourhood_id, count, sum_x, sum_y)
    SELECT z, {_CELL_X % {"p": "pt"}}, {_CELL_Y % {"p": "pt"}},
           p.kind, p.category_id, p.status, p.neighbourhood_id,
           delta, delta * ST_X(pt), delta * ST_Y(pt)
    FROM generate_series(0, {CLUSTER_MAX_ZOOM}) AS z
    ON CONFLICT (zoom, cx, cy, kind, category_id, status, neighbourhood_id) DO UPDATE
    SET count = cell.count + EXCLUDED.count,
        sum_x = cell.sum_x + EXCLUDED.sum_x,
        sum_y = cell.sum_y + EXCLUDED.sum_y;
    INSERT INTO pins_pincell_total AS total (zoom, cx, cy, count, ideas, sum_x, sum_y)
    SELECT z, {_CELL_X % {"p": "pt"}}, {_CELL_Y % {"p": "pt"}},
           delta, CASE WHEN p.kind = 'idea' THEN delta ELSE 0 END,
           delta * ST_X(pt), delta * ST_Y(pt)
    FROM generate_series(0, {CLUSTER_MAX_ZOOM}) AS z
    ON CONFLICT (zoom, cx, cy) DO UPDATE
    SET count = total.count + EXCLUDED.count,
        ideas = total.ideas + EXCLUDED.ideas,
        sum_x = total.sum_x + EXCLUDED.sum_x,
        sum_y = total.sum_y + EXCLUDED.sum_y;
    IF delta < 0 THEN
        -- Empty cells go, so tiles never carry zero-count clusters.
        DELETE FROM pins_pincell AS cell
        USING (SELECT z, {_CELL_X % {"p": "pt"}} AS cx, {_CELL_Y % {"p": "pt"}} AS cy
               FROM generate_series(0, {CLUSTER_MAX_ZOOM}) AS z) AS touched
        WHERE cell.zoom = touched.z AND cell.cx = touched.cx AND cell.cy = touched.cy
          AND cell.kind = p.kind AND cell.category_id = p.category_id
          AND cell.status = p.status
          AND cell.neighbourhood_id IS NOT DISTINCT FROM p.neighbourhood_id
          AND cell.count <= 0;
        DELETE FROM pins_pincell_total AS total
        USING (SELECT z, {_CELL_X % {"p": "pt"}} AS cx, {_CELL_Y % {"p": "pt"}} AS cy
               FROM generate_series(0, {CLUSTER_MAX_ZOOM}) AS z) AS touched
        WHERE total.zoom = touched.z AND total.cx = touched.cx AND total.cy = touched.cy
          AND total.count <= 0;
    END IF;
END $$;

CREATE FUNCTION pins_pincell_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pins_pincell_apply(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM pins_pincell_apply(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER pins_pincell_insert_delete AFTER INSERT OR DELETE ON pins_pin
    FOR EACH ROW EXECUTE FUNCTION pins_pincell_trigger();
CREATE TRIGGER pins_pincell_update AFTER UPDATE OF
    geom, kind, category_id, status, is_hidden, neighbourhood_id ON pins_pin
    FOR EACH ROW WHEN (
        OLD.geom IS DISTINCT FROM NEW.geom OR OLD.kind IS DISTINCT FROM NEW.kind
        OR OLD.category_id IS DISTINCT FROM NEW.category_id
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.is_hidden IS DISTINCT FROM NEW.is_hidden
        OR OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id)
    EXECUTE FUNCTION pins_pincell_trigger();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS pins_pincell_update ON pins_pin;
DROP TRIGGER IF EXISTS pins_pincell_insert_delete ON pins_pin;
DROP FUNCTION IF EXISTS pins_pincell_trigger();
DROP FUNCTION IF EXISTS pins_pincell_apply(pins_pin, integer);
DROP TABLE IF EXISTS pins_pincell;
DROP TABLE IF EXISTS pins_pincell_total;
"""

# Recompute every cell from the pins: after bulk loads (with the trigger disabled) and when
# a category's public/sensitive flags change.
REBUILD_SQL = f"""
TRUNCATE pins_pincell, pins_pincell_total;
INSERT INTO pins_pincell
    (zoom, cx, cy, kind, category_id, status, neighbourhood_id, count, sum_x, sum_y)
SELECT z, {_CELL_X % {"p": "pt"}}, {_CELL_Y % {"p": "pt"}},
       kind, category_id, status, neighbourhood_id, count(*), sum(ST_X(pt)), sum(ST_Y(pt))
FROM (SELECT p.kind, p.category_id, p.status, p.neighbourhood_id,
             ST_PointOnSurface(p.geom_3857) AS pt
      FROM pins_pin p WHERE {PUBLIC_PIN}) AS pins
CROSS JOIN generate_series(0, {CLUSTER_MAX_ZOOM}) AS z
GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO pins_pincell_total (zoom, cx, cy, count, ideas, sum_x, sum_y)
SELECT zoom, cx, cy, sum(count), coalesce(sum(count) FILTER (WHERE kind = 'idea'), 0),
       sum(sum_x), sum(sum_y)
FROM pins_pincell GROUP BY 1, 2, 3;
ANALYZE pins_pincell;
ANALYZE pins_pincell_total;
"""


def clusters_rebuild() -> None:
    with connection.cursor() as cursor:
        cursor.execute(REBUILD_SQL)


def cluster_tile_statement(
    *,
    z: int,
    x: int,
    y: int,
    kinds: list[str] | None = None,
    category_ids: list[int] | None = None,
    statuses: list[str] | None = None,
    neighbourhood_ids: list[int] | None = None,
) -> tuple[str, tuple]:
    """ST_AsMVT of the cluster points of one tile, summed over the cells of the filters.
    The cells of zoom z + TILE_GRID_LOG2 - GRID_LOG2 (2**GRID_LOG2 per tile there) are
    2**TILE_GRID_LOG2 per tile of zoom z; the zooms with no such zoom above show the cells
    of zoom 0."""
    cell_zoom = max(0, z + TILE_GRID_LOG2 - GRID_LOG2)
    cells = 2 ** (cell_zoom + GRID_LOG2 - z)
    where = ["zoom = %s", "cx BETWEEN %s AND %s", "cy BETWEEN %s AND %s"]
    params: list = [cell_zoom, x * cells, x * cells + cells - 1, y * cells, y * cells + cells - 1]
    filtered = any(v is not None for v in (kinds, category_ids, statuses, neighbourhood_ids))
    if not filtered:
        # The common case, an unfiltered map: one row per cell, no summing over dimensions.
        statement = (
            "SELECT ST_AsMVT(t, 'pins', 4096, 'geom') FROM ("  # noqa: S608 (fixed column names)
            "SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(sum_x / count, sum_y / count), 3857),"
            " ST_TileEnvelope(%s::integer, %s::integer, %s::integer), 4096, 64, true) AS geom,"
            " count, nullif(ideas, 0) AS ideas, nullif(count - ideas, 0) AS complaints,"
            " true AS cluster"
            f" FROM pins_pincell_total WHERE {' AND '.join(where)} AND count > 0) AS t"
        )
        return statement, (z, x, y, *params)
    for column, values in (
        ("kind", kinds), ("category_id", category_ids),
        ("status", statuses), ("neighbourhood_id", neighbourhood_ids),
    ):  # fmt: skip
        if values is not None:
            where.append(f'"{column}" = ANY(%s)')  # quoted: the name as written
            params.append(list(values))
    statement = (
        "SELECT ST_AsMVT(t, 'pins', 4096, 'geom') FROM ("  # noqa: S608 (fixed column names)
        "SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(sum(sum_x) / sum(count),"
        " sum(sum_y) / sum(count)), 3857), ST_TileEnvelope(%s::integer, %s::integer, %s::integer),"
        " 4096, 64, true) AS geom,"
        " sum(count)::integer AS count,"
        " (sum(count) FILTER (WHERE kind = 'idea'))::integer AS ideas,"
        " (sum(count) FILTER (WHERE kind = 'complaint'))::integer AS complaints,"
        " true AS cluster"
        f" FROM pins_pincell WHERE {' AND '.join(where)}"
        " GROUP BY cx, cy HAVING sum(count) > 0) AS t"
    )
    return statement, (z, x, y, *params)


def tile_is_dense(*, z: int, x: int, y: int) -> bool:
    """Whether a pin tile (zooms above CLUSTER_MAX_ZOOM, up to DENSE_MAX_ZOOM) holds more
    than DENSE_TILE_PINS public pins, counted in the cells of CLUSTER_MAX_ZOOM. The count
    is that of the whole map, whatever the filters, so a tile is clusters or pins for every
    filter alike; a write purges the tile, so the answer follows the pins."""
    if not CLUSTER_MAX_ZOOM < z <= DENSE_MAX_ZOOM:
        return False
    cells = 2 ** (CLUSTER_MAX_ZOOM + GRID_LOG2 - z)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(count), 0) > %s FROM pins_pincell_total"
            " WHERE zoom = %s AND cx BETWEEN %s AND %s AND cy BETWEEN %s AND %s",
            (DENSE_TILE_PINS, CLUSTER_MAX_ZOOM,
             x * cells, x * cells + cells - 1, y * cells, y * cells + cells - 1),
        )  # fmt: skip
        return cursor.fetchone()[0]
