"""/tiles/{layer}/{z}/{x}/{y}.pbf and /tiles/{layer}.json (TileJSON 3.0)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from maps.tiles.cache import cached_tile, canonical_filter, compress, decompress, store_tile
from maps.tiles.layers import LAYERS
from maps.tiles.render import layer_tile_statement
from maps.tiles.sql import MAX_ZOOM, render
from participatie.problems import get_only, validation_problem

MVT = "application/vnd.mapbox-vector-tile"
# Parameters that never change a tile: checked when sent, never part of a key.
UNKEYED = frozenset({"bbox", "limit"})


def _layer(name: str):
    layer = LAYERS.get(name)
    if layer is None:
        raise Http404(f"no tile layer {name!r}")  # problem details (participatie/handlers.py)
    return layer


def _bad(errors: dict) -> HttpResponse:
    fields = {field: [str(message) for message in messages] for field, messages in errors.items()}
    return validation_problem(fields)


def sent_filter(request, spec) -> str:
    """The filter part of a tile's cache key (cache.canonical_filter) for the query sent."""
    if spec.filterset is None or not request.GET:
        return ""
    sent = {}
    for name in sorted(spec.filterset.base_filters.keys() - UNKEYED):
        values = set(request.GET.getlist(name)) - {""}
        if values:
            sent[name] = sorted(values)
    return canonical_filter(sent)


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header takes gzip (`gzip`, `x-gzip` or `*`, not at q=0)."""
    accepted = False
    for part in header.lower().split(","):
        name, *options = (item.strip() for item in part.split(";"))
        weight = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if name in ("gzip", "x-gzip"):
            return weight > 0
        if name == "*":
            accepted = weight > 0
    return accepted


def _cleaned(filterset) -> dict:
    return {
        key: value
        for key, value in filterset.form.cleaned_data.items()
        if key not in UNKEYED and value not in (None, "", [])
        and not (hasattr(value, "exists") and not value.exists())
    }  # fmt: skip


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
    # Only a miss validates the filter (a bad value: 400, nothing stored) and renders; a
    # request that sends no filter parameter at all never builds the filterset.
    # `bbox` and `limit` do not change a tile, so they are not in the key; a request that
    # sends them has them checked before the cache answers (a bad one is a 400 either way),
    # and then left out: the tile is rendered, cached and compiled as if they were not sent
    # (applied, a `bbox` elsewhere would empty the tile stored for every visitor).
    query = request.GET
    filtered = spec.filterset is not None and not query.keys().isdisjoint(
        spec.filterset.base_filters
    )
    if filtered and not query.keys().isdisjoint(UNKEYED):
        checked = spec.filterset(query, queryset=spec.queryset(), request=request)
        if not checked.is_valid():
            return _bad(checked.errors)
        query = query.copy()
        for name in UNKEYED:
            query.pop(name, None)
        filtered = not query.keys().isdisjoint(spec.filterset.base_filters)
    language = translation.get_language()
    variant = f"{language}|{sent_filter(request, spec)}"

    def rows():
        """The filter's parameters and rows, on a miss only (a bad value: 400)."""
        if not filtered:
            return {}, spec.queryset
        filterset = spec.filterset(query, queryset=spec.queryset(), request=request)
        if not filterset.is_valid():
            raise _Refused(filterset.errors)
        return _cleaned(filterset), lambda: filterset.qs

    try:
        body, stored, etag = tile_content(
            layer, spec, z, x, y, language=language, variant=variant, rows=rows
        )
    except _Refused as refused:
        return _bad(refused.errors)
    status, content, encoding, etag = representation(
        body,
        stored,
        etag,
        gzip_accepted=accepts_gzip(request.headers.get("Accept-Encoding", "")),
        if_none_match=request.headers.get("If-None-Match", ""),
    )
    if status == 304:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(content, content_type=MVT)
        if encoding:
            response["Content-Encoding"] = encoding
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={spec.max_age}, must-revalidate"
    response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ["Accept-Encoding", "Accept-Language"])
    return response


class _Refused(Exception):
    def __init__(self, errors):
        self.errors = errors


def tile_content(layer: str, spec, z: int, x: int, y: int, *, language: str, variant: str, rows):
    """A tile's (body, stored, etag): `stored` (gzip) from the tile cache, or the tile
    rendered as `body` (and stored, when the cache is on). `rows()` gives the filter's
    parameters and a queryset factory (None: the layer's own); called on a miss only."""
    stored, etag, stamp = (
        cached_tile(layer, z, x, y, variant) if settings.TILE_CACHE else (None, None, None)
    )
    body = None
    if stored is None:
        params, queryset = rows()
        body = render(
            *layer_tile_statement(
                spec, queryset or spec.queryset, z=z, x=x, y=y, filters=params, language=language
            )
        )
        etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        if settings.TILE_CACHE:
            stored = compress(body)
            store_tile(layer, z, x, y, variant, stamp, stored, etag)
    return body, stored, etag


def representation(
    body: bytes | None, stored: bytes | None, etag: str, *, gzip_accepted: bool, if_none_match: str
) -> tuple[int, bytes, str | None, str]:
    """What is sent for a tile: (status, content, Content-Encoding, ETag). Two
    representations, two ETags: the gzip one is marked, so a revalidation with either
    answers 304 only for the representation it names."""
    gzipped = bool(body or stored) and gzip_accepted
    if gzipped:
        etag = etag[:-1] + '-gz"'
    if etag in if_none_match:
        return 304, b"", None, etag
    if gzipped:
        return 200, stored if stored is not None else compress(body), "gzip", etag
    return 200, body if body is not None else decompress(stored), None, etag


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
