"""The product's URLs plus /bench/bare/: a bare Django view returning fixed tile bytes, the
reference for the cached-tile throughput (same server, same middleware). It answers the
bytes a cached tile is sent as, with the same Content-Encoding (bench/measure.py writes
both)."""

from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from participatie.urls import urlpatterns as product_urls

RESULTS = Path(__file__).with_name("results")


def bare(request):
    response = HttpResponse(
        RESULTS.joinpath("bare.pbf").read_bytes(), content_type="application/vnd.mapbox-vector-tile"
    )
    encoding = RESULTS.joinpath("bare.encoding")
    if encoding.exists() and encoding.read_text():
        response["Content-Encoding"] = encoding.read_text()
        response["Vary"] = "Accept-Encoding"
    return response


urlpatterns = [path("bench/bare/", bare), *product_urls]
