"""The base map every map page draws on: tiles and attribution from the settings, and the
zoom a page opens at. The page scripts take their words from the JavaScript catalog
(/jsi18n/, domain djangojs), not from here."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

# The zoom a map opens at when it shows a whole district or neighbourhood.
MAP_ZOOM = 13


def tile_template() -> str:
    """The vector tiles of every layer: /tiles/{layer}/{z}/{x}/{y}.pbf (maps/tiles)."""
    tile = reverse("tile", kwargs={"layer": "areas", "z": 0, "x": 0, "y": 0})
    return tile.replace("/areas/0/0/0.pbf", "/{layer}/{z}/{x}/{y}.pbf")


def basemap_config() -> dict:
    return {
        "basemap": {"url": settings.BASEMAP_URL, "attribution": settings.BASEMAP_ATTRIBUTION},
        # The map's own layers come as vector tiles, never as whole GeoJSON layers.
        "tiles": tile_template(),
    }
