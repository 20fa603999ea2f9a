"""Base views for GeoJSON endpoints whose lists are built in PostGIS."""

from collections.abc import Callable

from django.http import HttpResponse
from rest_framework import generics

GEOJSON = "application/geo+json"


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
