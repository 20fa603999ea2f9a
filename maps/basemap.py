"""The base map every map page draws on: tiles and attribution from the settings, and the
zoom a page opens at. The page scripts take their words from the JavaScript catalog
(/jsi18n/, domain djangojs), not from here."""

from __future__ import annotations

from django.conf import settings

# The zoom a map opens at when it shows a whole district or neighbourhood.
MAP_ZOOM = 13


def basemap_config() -> dict:
    return {
        "basemap": {"url": settings.BASEMAP_URL, "attribution": settings.BASEMAP_ATTRIBUTION},
    }
