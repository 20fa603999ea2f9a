"""The initiatives' part of the map page and the area pages: a vector-tile layer of the
initiatives on the map (proposal, backing open, granted, realised; declined and withdrawn
ones only in the lists), its switch and legend beside the map, and the initiatives of an
area on its page. Cached tiles are purged where an initiative appears, moves, changes
state or leaves."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

from maps.composition import AreaSection, MapLayer, register_area_section, register_map_layer
from maps.tiles.cache import tiles_purge
from maps.tiles.layers import TileLayer, register
from participatie.initiatives import geo
from participatie.initiatives.models import Initiative

TILE_LAYER = "initiatives"
AREA_LIST_MAX = 20
# Enough to find a point's tiles at every zoom (tiles_purge adds the tile buffer itself).
PURGE_MARGIN = 0.0005


def page_url_template() -> str:
    return Initiative(public_id="__id__").get_absolute_url()


def initiatives_map_config(request: HttpRequest) -> dict:
    return {
        "layer": TILE_LAYER,
        "pageUrl": page_url_template(),
        "states": {key: str(label) for key, label in geo.MAP_STATUS_LABELS.items()},
    }


def initiatives_map_context(request: HttpRequest) -> dict:
    return {"initiative_states": [(k, v) for k, v in geo.MAP_STATUS_LABELS.items()]}


def area_initiatives_context(area, request: HttpRequest) -> dict:
    from participatie.initiatives.overview.urls import overview_url

    shown = (
        Initiative.objects.public()
        .within_area(area)
        .select_related("neighbourhood")
        .order_by("-submitted_at", "-pk")
    )
    initiatives = list(shown[: AREA_LIST_MAX + 1])
    total = len(initiatives) if len(initiatives) <= AREA_LIST_MAX else shown.count()
    return {
        "initiatives": initiatives[:AREA_LIST_MAX],
        "more": max(0, total - AREA_LIST_MAX),
        "overview_url": overview_url(),
    }


def _purge_point(geom) -> None:
    if geom is None:
        return
    x, y = geom.x, geom.y
    box = (x - PURGE_MARGIN, y - PURGE_MARGIN, x + PURGE_MARGIN, y + PURGE_MARGIN)
    tiles_purge(TILE_LAYER, box)


def _initiative_changed(sender, instance: Initiative, **kwargs) -> None:
    """Tiles are cached; the state or place of an initiative shows on them. Its old place
    too, when it moved (drafts move; a draft is not on the map, but it may have been)."""
    places = [instance.geom]
    old = getattr(instance, "_tile_geom", None)
    if old is not None and (instance.geom is None or not old.equals(instance.geom)):
        places.append(old)
    transaction.on_commit(lambda: [_purge_point(place) for place in places])


def _remember_place(sender, instance: Initiative, **kwargs) -> None:
    # From __dict__: a deferred geometry is not loaded for this.
    geom = instance.__dict__.get("geom")
    instance._tile_geom = geom.clone() if geom is not None else None


def register_initiative_layers() -> None:
    from django.db.models.signals import post_init

    register(
        TileLayer(
            name=TILE_LAYER,
            description="Neighbourhood initiatives: proposal, backing open, granted, realised",
            queryset=lambda: Initiative.objects.public().filter(status__in=geo.ON_MAP),
            properties=geo.initiative_tile_properties,
            filterset=geo.InitiativeLayerFilterSet,
            max_age=60,
        )
    )
    register_map_layer(
        MapLayer(
            key="initiatives",
            config=initiatives_map_config,
            context=initiatives_map_context,
            templates={
                "switch": "initiatives/map/switch.html",
                "legend": "initiatives/map/legend.html",
            },
            order=30,
            cacheable_config=True,
        )
    )
    register_area_section(
        AreaSection(
            key="initiatives",
            template="initiatives/map/area_section.html",
            context=area_initiatives_context,
            order=30,
        )
    )
    post_init.connect(_remember_place, sender=Initiative, dispatch_uid="initiative-tile-geom")
    post_save.connect(_initiative_changed, sender=Initiative, dispatch_uid="initiative-tiles")
    post_delete.connect(_initiative_changed, sender=Initiative, dispatch_uid="initiative-tiles-d")
