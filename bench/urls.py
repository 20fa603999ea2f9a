"""The product's URLs plus /bench/bare/: a bare Django view returning fixed tile bytes, the
reference for the cached-tile throughput (same server, same middleware: the cached tiles
are compared with /bench/bare-tile/, the same view on the public tiles' lean path,
bench/wsgi.py). It answers the bytes a cached tile is sent as, with the same
Content-Encoding (bench/measure.py writes both)."""

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


# /bench/bare-tile/: the same view, served as a public tile is (bench/wsgi.py).
urlpatterns = [path("bench/bare/", bare), path("bench/bare-tile/", bare), *product_urls]
