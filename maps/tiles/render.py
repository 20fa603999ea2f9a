from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from maps.tiles.layers import TileLayer
from maps.tiles.sql import (
    STATEMENTS,
    TILE_X,
    TILE_Y,
    TILE_Z,
    TileParam,
    bind,
    grid_cluster_sql,
    render,
    statement_key,
    tile_queryset,
    tile_sql,
)


def clustered(spec: TileLayer, z, x=None, y=None) -> bool:
    """Clusters instead of rows: below the layer's clustered zoom, and above it where the
    layer calls the tile dense (never for the placeholders of a compiled statement)."""
    if spec.cluster is None or isinstance(z, TileParam):
        return False
    if z < spec.clustered_below:
        return True
    return spec.dense is not None and isinstance(x, int) and spec.dense(z=z, x=x, y=y)


def tile_statement(
    spec: TileLayer, queryset: QuerySet, *, z, x, y, filters: dict | None = None
) -> tuple[str, tuple]:
    """The SQL and parameters of one tile: clusters at low zoom (if the layer has them), rows
    otherwise. z/x/y may be the TILE_Z/TILE_X/TILE_Y placeholders for the rows' statement."""
    if clustered(spec, z, x, y):
        statement = spec.cluster(z=z, x=x, y=y, filters=filters or {})
        if statement is None:
            statement = grid_cluster_sql(
                queryset, layer=spec.name, z=z, x=x, y=y, geom_3857=spec.geom_3857(),
                index_geom=spec.index_geom, index_srid=spec.index_srid,
                grid_log2=spec.cluster_grid_log2,
            )  # fmt: skip
        return statement
    return rows_statement(spec, queryset, z=z, x=x, y=y)


def layer_rows(spec: TileLayer, queryset: QuerySet, *, z, x, y) -> QuerySet:
    """The rows of a layer's tile z/x/y: its features in the tile and its buffer."""
    return tile_queryset(
        queryset,
        z=z,
        x=x,
        y=y,
        properties=spec.properties(),
        geom_3857=spec.geom_3857(),
        index_geom=spec.index_geom,
        index_srid=spec.index_srid,
        id_field=spec.id_field,
    )


def rows_statement(spec: TileLayer, queryset: QuerySet, *, z, x, y) -> tuple[str, tuple]:
    return tile_sql(layer_rows(spec, queryset, z=z, x=x, y=y), spec.name)


def layer_tile_statement(
    spec: TileLayer,
    queryset: Callable[[], QuerySet],
    *,
    z: int,
    x: int,
    y: int,
    filters: dict,
    language: str,
) -> tuple[str, tuple]:
    """tile_statement, with the rows' statement compiled once per layer, language (labels
    are translated in SQL) and filter and then only bound to the tile. `queryset` is called
    only when a statement is compiled."""
    if clustered(spec, z, x, y):
        # The aggregate's statement needs no queryset; only its fallback builds one.
        statement = spec.cluster(z=z, x=x, y=y, filters=filters)
        return statement or tile_statement(spec, queryset(), z=z, x=x, y=y, filters=filters)
    key = statement_key(spec.name, language, filters)
    template = STATEMENTS.get(key) if key is not None else None
    if template is None:
        template = rows_statement(spec, queryset(), z=TILE_Z, x=TILE_X, y=TILE_Y)
        if key is not None:
            STATEMENTS.put(key, template)
    return bind(template, z=z, x=x, y=y)


def render_tile(
    spec: TileLayer, queryset: QuerySet, *, z: int, x: int, y: int, filters: dict | None = None
) -> bytes:
    return render(*tile_statement(spec, queryset, z=z, x=x, y=y, filters=filters))
