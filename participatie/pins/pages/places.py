"""Small JSON answers for the pin form: find a place by name, describe a chosen spot."""

from __future__ import annotations

import math

from django.contrib.gis.geos import Point
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maps import areas


@require_GET
def place_search(request: HttpRequest) -> JsonResponse:
    """?q=<text>: districts and neighbourhoods by name, and addresses when configured."""
    return JsonResponse({"results": areas.place_search(request.GET.get("q", ""))})


@require_GET
def place_lookup(request: HttpRequest) -> JsonResponse:
    """?lon=&lat=: whether a pin can go there, and in which neighbourhood it lies."""
    try:
        lon, lat = float(request.GET["lon"]), float(request.GET["lat"])
    except (KeyError, ValueError):
        return JsonResponse({"error": _("Give lon and lat as numbers.")}, status=400)
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        return JsonResponse({"error": _("Give lon and lat as numbers.")}, status=400)
    return JsonResponse(areas.place_describe(Point(lon, lat, srid=4326)))
