"""The base map every map page draws on: tiles and attribution from the settings, the
zoom a page opens at, and the strings of the map controls."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The zoom a map opens at when it shows a whole district or neighbourhood.
MAP_ZOOM = 13


def basemap_config(strings: dict[str, str] | None = None) -> dict:
    return {
        "basemap": {"url": settings.BASEMAP_URL, "attribution": settings.BASEMAP_ATTRIBUTION},
        "lang": get_language(),
        "strings": {
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "close": _("Close"),
            "areaAttribution": _("Area boundaries: CBS / Kadaster"),
            "basemapError": _(
                "The background map could not be loaded. Areas and layers are still shown."
            ),
            **(strings or {}),
        },
    }
