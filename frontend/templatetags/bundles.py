"""<link rel="modulepreload">s for a page bundle's shared chunks (esbuild code splitting):
without them the browser learns of Leaflet's chunk only once the bundle has arrived."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html_join

register = template.Library()

# Written by frontend/build.mjs: bundle name → the chunks it imports.
CHUNK_LIST = Path(settings.BASE_DIR) / "frontend" / "static" / "dist" / "bundles.json"


@lru_cache(maxsize=4)
def _chunk_list(modified: float) -> dict[str, list[str]]:
    return json.loads(CHUNK_LIST.read_text())


def chunks_of(bundle: str) -> list[str]:
    try:
        modified = CHUNK_LIST.stat().st_mtime  # a rebuild while running is seen
    except FileNotFoundError:
        return []
    return _chunk_list(modified).get(bundle, [])


@register.simple_tag
def module_preloads(bundle: str) -> str:
    """The preload links of the chunks of `bundle` ("map" for dist/map.js)."""
    links = ((static(chunk),) for chunk in chunks_of(bundle))
    return format_html_join("", '<link rel="modulepreload" href="{}">', links)
