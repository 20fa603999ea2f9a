"""Mapbox Vector Tiles built by PostGIS — the one place where tile SQL is made.

A layer's rows come from an ORM queryset (so tiles obey the same visibility rules and
filters as the GeoJSON API); this module adds the tile geometry and wraps the compiled
query in ST_AsMVT, in Martin's shape:

    SELECT ST_AsMVT(t, layer, 4096, 'geom', 'id') FROM (
        SELECT ST_AsMVTGeom(<geom in 3857>, ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom, ...
        FROM ... WHERE geom && <tile envelope with a 64-pixel margin> AND <filters>) t

z/x/y are bound parameters; the statement is prepared server-side, so repeated tiles skip
planning.
"""

from __future__ import annotations

from django.contrib.gis.db.models import GeometryField
from django.db import connection
from django.db.models import F, Func, QuerySet, Value

from maps.geojson import as_expressions

EXTENT = 4096
BUFFER = 64
MAX_ZOOM = 22


class TileEnvelope(Func):
    """ST_TileEnvelope(z, x, y[, margin]) in Web Mercator (3857)."""

    function = "ST_TileEnvelope"

    def __init__(self, z: int, x: int, y: int, margin: float | None = None, srid: int = 3857):
        args = [Value(z), Value(x), Value(y)]
        self.margin = margin
        if margin is not None:
            args.append(Value(margin))
        super().__init__(*args, output_field=GeometryField(srid=3857))
        self.target_srid = srid

    def as_sql(self, compiler, connection, **extra):
        z, x, y, *margin = self.get_source_expressions()
        params = []
        parts = []
        for expression in (z, x, y):
            sql, p = compiler.compile(expression)
            parts.append(f"({sql})::integer")
            params += p
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
    index_geom: str = "geom",
    index_srid: int = 4326,
    id_field: str | None = "pk",
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
        f"SELECT {select} FROM ({sql}) AS rows WHERE rows.mvt_geom IS NOT NULL) AS t"
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
    grid_log2: int = 6,
) -> tuple[str, tuple]:
    """Clusters computed from the rows at request time: the points of the tile snapped to
    a 2**grid_log2 grid, one point (their centroid) with a count per cell. For filters that a
    layer's pre-aggregated clusters cannot answer."""
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
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] is not None else b""
