"""Base views for GeoJSON endpoints whose lists are built in PostGIS."""

import hashlib
from collections.abc import Callable

from django.http import HttpResponse, HttpResponseNotModified
from rest_framework import generics

GEOJSON = "application/geo+json"
# The vector tiles' policy (maps/tiles/views.py): shared caches may keep a copy but ask
# again every time, so a pin that is hidden or turns confidential leaves them at once.
REVALIDATE = "public, max-age=0, must-revalidate"


def revalidated(request, response: HttpResponse) -> HttpResponse:
    """`response` with an ETag of its body and the REVALIDATE policy; a 304 without the
    body when the client (or a cache in between) already holds exactly this."""
    etag = '"' + hashlib.blake2b(response.content, digest_size=12).hexdigest() + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = REVALIDATE
    return response


class GeoJSONListView(generics.ListAPIView):
    """A FeatureCollection of the filtered queryset, aggregated by the database.

    `serializer_class` documents the shape in the OpenAPI schema; `selector` (a function of
    the queryset returning JSON bytes) produces the response without model instances.
    """

    pagination_class = None
    response_media_type = GEOJSON  # for the OpenAPI schema (api/openapi.py)
    cache_seconds = 60
    selector: Callable[..., bytes]

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        response = HttpResponse(type(self).selector(queryset), content_type=GEOJSON)
        response["Cache-Control"] = f"public, max-age={self.cache_seconds}"
        return response
