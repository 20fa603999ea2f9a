"""How the map page and the area pages are composed from what the domains register.

`maps` knows geography and the base map; each domain (pins, and later voting, triage,
initiatives) registers its own map layer — page-script config, template fragments for the
panel beside the map (filters, layer switch, legend, list) — and its own section of the
area pages, in its AppConfig.ready(). Adding a domain's layer touches no file in `maps/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from maps import pagecache
from maps.models import Area


@dataclass(frozen=True)
class MapLayer:
    # Key of the layer's settings in the page script's config (and its layer-switch value).
    key: str
    # Settings the page script reads: tile and list URLs, choices, limits.
    config: Callable[[HttpRequest], dict]
    # Template context of the fragments below, from the request (e.g. a bound filter form).
    context: Callable[[HttpRequest], dict] = field(default=lambda request: {})
    # Template fragments by slot: "intro" (under the title), "panel" (filters beside the
    # map), "switch" (an <li> in the layer switch), "legend", "aside" (beside the map).
    templates: dict[str, str] = field(default_factory=dict)
    order: int = 100
    # Whether `config` depends only on the language, the areas and the categories (not on
    # the request or the clock): then the map page keeps it in maps/pagecache.py.
    cacheable_config: bool = False


@dataclass(frozen=True)
class AreaSection:
    key: str
    template: str
    # Template context for one area; None leaves the section out for that area.
    context: Callable[[Area, HttpRequest], dict | None]
    order: int = 100


MAP_LAYERS: dict[str, MapLayer] = {}
AREA_SECTIONS: dict[str, AreaSection] = {}


def register_map_layer(layer: MapLayer) -> MapLayer:
    MAP_LAYERS[layer.key] = layer
    return layer


def register_area_section(section: AreaSection) -> AreaSection:
    AREA_SECTIONS[section.key] = section
    return section


def map_layers(request: HttpRequest, *, cache_version: str | None = None) -> list[dict]:
    """The registered layers, in order, each with its config and fragment context; with a
    `cache_version` (maps/pagecache.py), cacheable configs come from the cache."""

    def config(layer: MapLayer) -> dict:
        if cache_version and layer.cacheable_config:
            build = lambda: layer.config(request)  # noqa: E731
            return pagecache.cached(f"layer:{layer.key}", build, current=cache_version)
        return layer.config(request)

    return [
        {"key": layer.key, "config": config(layer), "context": layer.context(request),
         "templates": layer.templates}
        for layer in sorted(MAP_LAYERS.values(), key=lambda layer: (layer.order, layer.key))
    ]  # fmt: skip


def area_sections(area: Area, request: HttpRequest) -> list[dict]:
    sections = []
    for section in sorted(AREA_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.context(area, request)
        if context is not None:
            sections.append({"key": section.key, "template": section.template, **context})
    return sections
