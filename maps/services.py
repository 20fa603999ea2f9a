"""Writes to the map layers that other parts must hear about (tile cache purge)."""

from __future__ import annotations

from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction

from maps.tiles.cache import tiles_purge

LAYER_OF_MODEL = {
    "area": "areas",
    "playground": "playgrounds",
    "greenery": "greenery",
    "plannedwork": "planned-works",
    "centre": "centres",
}


def layer_changed(*, layer: str, geoms: list[GEOSGeometry | None]) -> None:
    """Purge the cached tiles showing these geometries once the transaction commits."""
    extents = [g.extent for g in geoms if g is not None and not g.empty]

    def purge():
        for extent in extents:
            tiles_purge(layer, extent)

    transaction.on_commit(purge)


def feature_save(*, instance, previous_geom: GEOSGeometry | None = None) -> None:
    instance.full_clean()
    instance.save()
    layer_changed(
        layer=LAYER_OF_MODEL[instance._meta.model_name], geoms=[previous_geom, instance.geom]
    )


def feature_delete(*, instance) -> None:
    geom = instance.geom
    instance.delete()
    layer_changed(layer=LAYER_OF_MODEL[instance._meta.model_name], geoms=[geom])
