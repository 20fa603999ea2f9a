"""The `pins` vector-tile layer: public pins from zoom 13, pre-aggregated clusters below.

Tiles are public and the same for everyone: only PinQuerySet.public() pins (never a
sensitive, hidden or withdrawn one), with the map's filters (kind, category, status, area,
period) applied exactly as the GeoJSON list applies them.
"""

from __future__ import annotations

from django.db.models import F

from maps.areas import neighbourhood_ids_of
from maps.selectors import choice_label
from maps.tiles.layers import TileLayer, register
from participatie.pins.clusters import (
    CLUSTER_MAX_ZOOM,
    TILE_GRID_LOG2,
    cluster_tile_statement,
    tile_is_dense,
)
from participatie.pins.models.pins import OPEN_STATUSES


def pin_tile_properties() -> dict:
    from participatie.pins.models import Pin

    return {
        # The public id as a property: MVT feature ids are integers, and the key is not public.
        "id": "public_id",
        "kind": "kind",
        "category": "category__slug",
        "status": "status",
        "status_label": choice_label("status", Pin.Status.choices),
        "title": "title",
        "support_count": "support_count",
        "comment_count": "comment_count",
    }


def pin_cluster_statement(*, z: int, x: int, y: int, filters: dict):
    """Clusters from the cell table; a period filter (not a cell dimension) falls back to
    aggregating the filtered pins themselves."""
    if filters.get("created_after") or filters.get("created_before"):
        return None
    categories = filters.get("category")
    statuses = filters.get("status") or None
    if statuses is None and filters.get("hide_closed"):
        statuses = list(OPEN_STATUSES)
    return cluster_tile_statement(
        z=z,
        x=x,
        y=y,
        kinds=filters.get("kind") or None,
        statuses=statuses,
        category_ids=[category.pk for category in categories] if categories else None,
        neighbourhood_ids=neighbourhood_ids_of(filters["area"]) if filters.get("area") else None,
    )


def register_pin_layer() -> None:
    from participatie.pins.filters import PinFilterSet
    from participatie.pins.models import Pin

    register(
        TileLayer(
            name="pins",
            description=(
                "Public ideas and complaints; clusters with counts up to zoom 12, and at zoom 13"
                " where a tile holds more pins than fit side by side"
            ),
            queryset=lambda: Pin.objects.public(),
            properties=pin_tile_properties,
            filterset=PinFilterSet,
            geom_3857=lambda: F("geom_3857"),
            index_geom="geom_3857",
            index_srid=3857,
            max_age=0,
            id_field=None,
            cluster=pin_cluster_statement,
            clustered_below=CLUSTER_MAX_ZOOM + 1,
            cluster_grid_log2=TILE_GRID_LOG2,
            dense=tile_is_dense,
        )
    )
