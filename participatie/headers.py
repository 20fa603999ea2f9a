"""The Content-Security-Policy of every page (django-csp reads it from settings).

Scripts run only from this site's own files, or from an inline block that carries the
request's nonce (the folium area report writes its map as an inline script): an injected
`<script>` or `onerror=` attribute does not run, even where an escape was forgotten.

Styles allow 'unsafe-inline': Leaflet, OpenLayers, folium and Swagger UI write `style`
attributes and `<style>` blocks into the page. CSS cannot run script, so this leaves
script injection closed; what it still allows (restyling the page) needs an HTML injection
that the escaping already refuses.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF


def tile_origin(url: str) -> str | None:
    """The origin of a `{z}/{x}/{y}` tile URL, as a CSP source. A subdomain placeholder
    (`{s}.tile.example.org`, `{a-c}.…`) becomes a wildcard."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc
    first, _dot, rest = host.partition(".")
    if "{" in first and rest:
        host = "*." + rest
    return f"{parts.scheme}://{host}"


def content_security_policy(*, basemap_url: str) -> dict:
    images = [SELF, "data:", "blob:"]
    origin = tile_origin(basemap_url)
    if origin:
        images.append(origin)
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF, "'unsafe-inline'"],
            "img-src": images,
            "font-src": [SELF, "data:"],
            "connect-src": [SELF],
            "worker-src": [SELF, "blob:"],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }
