"""Mapbox Vector Tiles built by PostGIS — the one place where tile SQL is made.

A layer's rows come from an ORM queryset (so tiles obey the same visibility rules and
filters as the GeoJSON API); this module adds the tile geometry and wraps the compiled
query in ST_AsMVT, in Martin's shape:

    SELECT ST_AsMVT(t, layer, 4096, 'geom', 'id') FROM (
        SELECT ST_AsMVTGeom(<geom in 3857>, ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom, ...
        FROM ... WHERE geom && <tile envelope with a 64-pixel margin> AND <filters>) t

z/x/y are bound parameters; the statement is prepared server-side, so repeated tiles skip
planning. A layer's statement is compiled from the ORM once per layer, language and filter
(`STATEMENTS`) with placeholders for z/x/y (`TILE_Z`, `TILE_X`, `TILE_Y`), and only `bind`
runs per tile: compiling the queryset took longer than the SQL of most tiles.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.contrib.gis.db.models import GeometryField
from django.db import connection
from django.db.models import F, Func, QuerySet, Value

from maps.geojson import as_expressions

EXTENT = 4096
BUFFER = 64
MAX_ZOOM = 22


class TileParam:
    """A placeholder for the tile's z, x or y among a compiled statement's parameters."""

    def __init__(self, name: str):
        self.name = name

    def __eq__(self, other):
        return isinstance(other, TileParam) and other.name == self.name

    def __hash__(self):
        return hash(("TileParam", self.name))

    def __repr__(self):
        return f"TileParam({self.name!r})"


TILE_Z, TILE_X, TILE_Y = TileParam("z"), TileParam("x"), TileParam("y")


def bind(template: tuple[str, tuple], *, z: int, x: int, y: int) -> tuple[str, tuple]:
    """The statement of one tile: the template's z/x/y placeholders replaced by the tile's."""
    statement, params = template
    values = {"z": z, "x": x, "y": y}
    return statement, tuple(
        values[param.name] if isinstance(param, TileParam) else param for param in params
    )


class StatementCache:
    """The compiled statements of the most recently used (layer, language, filter) keys, per
    process. A statement holds no tile, so one entry serves every tile of its key."""

    def __init__(self, size: int = 256):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            template = self._entries.get(key)
            if template is not None:
                self._entries.move_to_end(key)
            return template

    def put(self, key, template) -> None:
        with self._lock:
            self._entries[key] = template
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


STATEMENTS = StatementCache()


def _plain(value) -> bool:
    """Whether a cleaned filter value is text, a number, a date or a list of those: values
    whose SQL follows from the value alone. A model instance (an area, a category) may be
    compiled into SQL by fields that change (an outline, a slug), so it is not keyed."""
    if isinstance(value, list | tuple | set | frozenset):
        return all(_plain(item) for item in value)
    return not hasattr(value, "pk") and not hasattr(value, "query")


def statement_key(layer: str, language: str, filters: dict):
    """The key of a layer's compiled statement for these cleaned filters, or None when a
    filter value cannot key it (then the statement is compiled for the request)."""
    if not all(_plain(value) for value in filters.values()):
        return None
    parts = tuple(
        (name, tuple(sorted(map(str, value))) if isinstance(value, list | tuple | set | frozenset)
         else (type(value).__name__, str(value)))
        for name, value in sorted(filters.items())
    )  # fmt: skip
    return (layer, language, parts)


class TileEnvelope(Func):
    """ST_TileEnvelope(z, x, y[, margin]) in Web Mercator (3857)."""

    function = "ST_TileEnvelope"

    def __init__(self, z, x: int, y: int, margin: float | None = None, srid: int = 3857):
        # z, x and y are ints or TileParam placeholders: parameters either way, never
        # expressions, so a compiled statement can be bound to any tile.
        self.tile = (z, x, y)
        self.margin = margin
        args = [Value(margin)] if margin is not None else []
        super().__init__(*args, output_field=GeometryField(srid=3857))
        self.target_srid = srid

    def as_sql(self, compiler, connection, **extra):
        margin = self.get_source_expressions()
        params = list(self.tile)
        parts = ["(%s)::integer"] * 3
        if margin:
            sql, p = compiler.compile(margin[0])
            parts.append(f"margin => ({sql})::float8")
            params += p
        envelope = f"ST_TileEnvelope({', '.join(parts)})"
        if self.target_srid != 3857:
            envelope = f"ST_Transform({envelope}, {int(self.target_srid)})"
        return envelope, params


class AsMVTGeom(Func):
    function = "ST_AsMVTGeom"
    output_field = GeometryField(srid=3857)

    def __init__(self, geom, envelope, extent=EXTENT, buffer=BUFFER):
        super().__init__(geom, envelope, Value(extent), Value(buffer), Value(True))

    def as_sql(self, compiler, connection, **extra):
        geom, envelope, extent, buffer, clip = self.get_source_expressions()
        sql_parts, params = [], []
        for expression, cast in (
            (geom, ""), (envelope, "::box2d"), (extent, "::integer"),
            (buffer, "::integer"), (clip, "::boolean"),
        ):  # fmt: skip
            sql, p = compiler.compile(expression)
            sql_parts.append(f"({sql}){cast}")
            params += p
        return f"ST_AsMVTGeom({', '.join(sql_parts)})", params


def tile_queryset(
    queryset: QuerySet,
    *,
    z: int,
    x: int,
    y: int,
    properties: dict,
    geom_3857,
    index_geom: str,
    index_srid: int,
    id_field: str | None,
) -> QuerySet:
    """Rows of one tile: the tile geometry, the feature id (an integer in MVT; None for a
    layer without one) and the properties."""
    margin = BUFFER / EXTENT
    ids = {"mvt_id": F(id_field)} if id_field else {}
    return (
        queryset.filter(**{f"{index_geom}__bboverlaps": TileEnvelope(z, x, y, margin, index_srid)})
        .annotate(
            mvt_geom=AsMVTGeom(geom_3857, TileEnvelope(z, x, y)),
            **ids,
            **{f"p_{key}": value for key, value in as_expressions(properties).items()},
        )
        .values("mvt_geom", *ids, *[f"p_{key}" for key in properties])
        .order_by()
    )


def tile_sql(rows: QuerySet, layer: str) -> tuple[str, tuple]:
    """The ST_AsMVT statement over a tile queryset; properties keep their names."""
    sql, params = rows.query.sql_with_params()
    columns = ", ".join(
        f'"{alias}" AS "{alias[2:]}"'
        for alias in rows.query.values_select + tuple(rows.query.annotation_select)
        if alias.startswith("p_")
    )
    # Only our own column aliases and the ORM's compiled, parameterised SQL are interpolated.
    has_id = "mvt_id" in rows.query.annotation_select
    select = ", ".join(
        [
            '"mvt_geom" AS geom',
            *(['"mvt_id" AS id'] if has_id else []),
            *([columns] if columns else []),
        ]
    )
    feature_id = ", 'id'" if has_id else ""
    statement = (
        f"SELECT ST_AsMVT(t, %s, {EXTENT}, 'geom'{feature_id}) FROM ("  # noqa: S608
        # OFFSET 0 keeps the rows a subquery: flattened, PostgreSQL computed ST_AsMVTGeom
        # twice per row (in the NULL test and in the output), ~10 % of a dense tile.
        f"SELECT {select} FROM ({sql} OFFSET 0) AS rows WHERE rows.mvt_geom IS NOT NULL) AS t"
    )
    return statement, (layer, *params)


def grid_cluster_sql(
    queryset: QuerySet,
    *,
    layer: str,
    z: int,
    x: int,
    y: int,
    geom_3857,
    index_geom: str,
    index_srid: int,
    grid_log2: int,
) -> tuple[str, tuple]:
    """Clusters computed from the rows at request time: the points of the tile snapped to
    a 2**grid_log2 grid (as many cluster points as the pre-aggregated clusters show), one
    point (their centroid) with a count per cell. For filters that a layer's pre-aggregated
    clusters cannot answer."""
    rows = (
        queryset.filter(**{f"{index_geom}__bboverlaps": TileEnvelope(z, x, y, None, index_srid)})
        .annotate(mvt_point=geom_3857)
        .values("mvt_point")
        .order_by()
    )
    sql, params = rows.query.sql_with_params()
    cell = 2 * 20037508.342789244 / 2 ** (z + grid_log2)
    statement = (
        f"SELECT ST_AsMVT(t, %s, {EXTENT}, 'geom') FROM ("  # noqa: S608
        "SELECT ST_AsMVTGeom(ST_Centroid(ST_Collect(mvt_point)),"
        " ST_TileEnvelope(%s::integer, %s::integer, %s::integer), 4096, 64, true) AS geom,"
        " count(*)::integer AS count, true AS cluster"
        f" FROM ({sql}) AS rows GROUP BY ST_SnapToGrid(mvt_point, %s)) AS t"
    )
    return statement, (layer, z, x, y, *params, cell)


def render(statement: str, params: tuple) -> bytes:
    """Run a tile statement as a server-side prepared statement and return the MVT bytes."""
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    # Django's default cursor binds parameters client-side (no prepared statements); tiles
    # are the hot path, so they use a server-binding cursor and let psycopg prepare them.
    with psycopg.Cursor(raw) as cursor:
        cursor.execute(statement, params, prepare=True)
        # One row: ST_AsMVT is an aggregate, and over no rows PostGIS 3 gives an empty tile.
        (tile,) = cursor.fetchone()
    return bytes(tile)
