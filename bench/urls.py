"""The product's URLs plus /bench/bare/: a bare Django view returning fixed tile bytes, the
reference for the cached-tile throughput (same server, same middleware)."""

from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from participatie.urls import urlpatterns as product_urls

BODY = Path(__file__).with_name("results").joinpath("bare.pbf")


def bare(request):
    return HttpResponse(BODY.read_bytes(), content_type="application/vnd.mapbox-vector-tile")


urlpatterns = [path("bench/bare/", bare), *product_urls]
