"""/tiles/{layer}/{z}/{x}/{y}.pbf and /tiles/{layer}.json (TileJSON 3.0)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from maps.tiles.cache import cached_tile, canonical_filter, store_tile
from maps.tiles.layers import LAYERS
from maps.tiles.render import render_tile
from maps.tiles.sql import MAX_ZOOM
from participatie.problems import get_only, validation_problem

MVT = "application/vnd.mapbox-vector-tile"


def _layer(name: str):
    layer = LAYERS.get(name)
    if layer is None:
        raise Http404(f"no tile layer {name!r}")  # problem details (participatie/handlers.py)
    return layer


def _bad(errors: dict) -> HttpResponse:
    fields = {field: [str(message) for message in messages] for field, messages in errors.items()}
    return validation_problem(fields)


def _sent_filter(request, spec) -> str:
    if spec.filterset is None:
        return ""
    sent = {}
    for name in spec.filterset.base_filters.keys() - {"bbox", "limit"}:
        values = set(request.GET.getlist(name)) - {""}
        if values:
            sent[name] = sorted(values)
    return canonical_filter(sent)


@get_only
def tile(request, layer: str, z: int, x: int, y: int):
    spec = _layer(layer)
    if z > MAX_ZOOM:
        return _bad({"z": [f"zoom must be 0–{MAX_ZOOM}"]})
    if x >= 2**z or y >= 2**z:
        return _bad({"xy": [f"x and y must be 0–{2**z - 1} at zoom {z}"]})
    # The cache first, keyed by the layer's known filter parameters as sent (unknown ones,
    # `?junk=1`, dropped; names sorted; values sorted, without repeats), so another
    # order or an unknown parameter finds the same entry and a hit costs no filter work.
    # Only a miss validates the filter (a bad value: 400, nothing stored) and renders.
    # `bbox` and `limit` do not change a tile, so they are not in the key; a request that
    # sends them has them checked before the cache answers (a bad one is a 400 either way).
    filterset = None
    if spec.filterset is not None and request.GET.keys() & {"bbox", "limit"}:
        filterset = spec.filterset(request.GET, queryset=spec.queryset(), request=request)
        if not filterset.is_valid():
            return _bad(filterset.errors)
    variant = f"{translation.get_language()}|{_sent_filter(request, spec)}"
    body, etag, stamp = (
        cached_tile(layer, z, x, y, variant) if settings.TILE_CACHE else (None, None, None)
    )
    if body is None:
        queryset, params = spec.queryset(), {}
        if spec.filterset is not None:
            if filterset is None:
                filterset = spec.filterset(request.GET, queryset=queryset, request=request)
            if not filterset.is_valid():
                return _bad(filterset.errors)
            params = {
                key: value
                for key, value in filterset.form.cleaned_data.items()
                if key not in ("bbox", "limit") and value not in (None, "", [])
                and not (hasattr(value, "exists") and not value.exists())
            }  # fmt: skip
            queryset = filterset.qs
        body = render_tile(spec, queryset, z=z, x=x, y=y, filters=params)
        etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        if settings.TILE_CACHE:
            store_tile(layer, z, x, y, variant, stamp, body, etag)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=MVT)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={spec.max_age}, must-revalidate"
    response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ["Accept-Language"])
    return response


@get_only
def tilejson(request, layer: str):
    spec = _layer(layer)
    template = request.build_absolute_uri(
        reverse("tile", kwargs={"layer": layer, "z": 0, "x": 0, "y": 0})
    ).replace("/0/0/0.pbf", "/{z}/{x}/{y}.pbf")
    if request.GET:
        template += "?" + request.GET.urlencode()
    fields = {key: "" for key in spec.properties()}
    return JsonResponse(
        {
            "tilejson": "3.0.0",
            "name": spec.name,
            "description": spec.description,
            "attribution": "CBS / Kadaster" if spec.name == "areas" else "",
            "scheme": "xyz",
            "tiles": [template],
            "minzoom": spec.minzoom,
            "maxzoom": spec.maxzoom,
            "bounds": [-180, -85.0511, 180, 85.0511],
            "vector_layers": [
                {
                    "id": spec.name,
                    "fields": fields,
                    "minzoom": spec.minzoom,
                    "maxzoom": spec.maxzoom,
                }
            ],
        }
    )
