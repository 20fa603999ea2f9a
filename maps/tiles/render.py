from __future__ import annotations

from django.db.models import QuerySet

from maps.tiles.layers import TileLayer
from maps.tiles.sql import grid_cluster_sql, render, tile_queryset, tile_sql


def tile_statement(
    spec: TileLayer, queryset: QuerySet, *, z: int, x: int, y: int, filters: dict | None = None
):
    """The SQL and parameters of one tile: clusters at low zoom (if the layer has them), rows
    otherwise."""
    if spec.cluster is not None and z < spec.clustered_below:
        statement = spec.cluster(queryset, z=z, x=x, y=y, filters=filters or {})
        if statement is None:
            statement = grid_cluster_sql(
                queryset, layer=spec.name, z=z, x=x, y=y, geom_3857=spec.geom_3857(),
                index_geom=spec.index_geom, index_srid=spec.index_srid,
            )  # fmt: skip
        return statement
    rows = tile_queryset(
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
    return tile_sql(rows, spec.name)


def render_tile(
    spec: TileLayer, queryset: QuerySet, *, z: int, x: int, y: int, filters: dict | None = None
) -> bytes:
    return render(*tile_statement(spec, queryset, z=z, x=x, y=y, filters=filters))
