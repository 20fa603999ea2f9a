"""<link rel="modulepreload">s for a page bundle's shared chunks (esbuild code splitting):
without them the browser learns of Leaflet's chunk only once the bundle has arrived."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.templatetags.static import static
from django.utils.html import format_html_join

register = template.Library()

# Written by frontend/build.mjs next to the bundles: bundle name → the chunks it imports.
CHUNK_LIST = "dist/bundles.json"


def _chunk_list_path() -> Path:
    """The list that belongs to the files served: the collected copy where the collected
    files are served (manifest storage), else the build's own."""
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        return Path(staticfiles_storage.path(CHUNK_LIST))
    return Path(settings.BASE_DIR) / "frontend" / "static" / CHUNK_LIST


@lru_cache(maxsize=4)
def _chunk_list(path: Path, modified: float) -> dict[str, list[str]]:
    return json.loads(path.read_text())


def chunks_of(bundle: str) -> list[str]:
    path = _chunk_list_path()
    try:
        modified = path.stat().st_mtime  # a rebuild while running is seen
    except FileNotFoundError:
        return []
    return _chunk_list(path, modified).get(bundle, [])


def _urls(chunks: list[str]):
    for chunk in chunks:
        try:
            yield (static(chunk),)
        except ValueError:  # not collected (a list newer than the files): no preload
            continue


@register.simple_tag
def module_preloads(bundle: str) -> str:
    """The preload links of the chunks of `bundle` ("map" for dist/map.js)."""
    return format_html_join("", '<link rel="modulepreload" href="{}">', _urls(chunks_of(bundle)))
