"""Public pages: the map and its non-map alternative, the area pages."""

from __future__ import annotations

import json

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse

from maps import pagecache
from maps.areas import district_labels
from maps.basemap import MAP_ZOOM, basemap_config
from maps.composition import area_sections, map_layers
from maps.models import Area, Centre, Greenery, PlannedWork, Playground

# Used only before any municipality has been loaded: the middle of the Netherlands.
FALLBACK_VIEW = ((52.15, 5.39), 8)
AREA_FIELDS = ("code", "name", "level", "is_priority", "parent")


def _municipality_view() -> dict:
    """The municipality's code, name, map centre and district labels (cached per version)."""
    municipality = Area.objects.municipality().only("code", "name", "geom").first()
    if not municipality:
        return {"code": None, "name": None, "center": FALLBACK_VIEW[0], "zoom": FALLBACK_VIEW[1],
                "labels": []}  # fmt: skip
    centroid = municipality.geom.centroid
    return {
        "code": municipality.code,
        "name": municipality.name,
        "center": (round(centroid.y, 5), round(centroid.x, 5)),
        "zoom": MAP_ZOOM,
        "labels": district_labels(municipality.code),
    }


def map_page(request: HttpRequest) -> HttpResponse:
    # Areas and categories change rarely: what follows from them comes from the page cache
    # (maps/pagecache.py), under a version every write to them replaces.
    version = pagecache.version()
    municipality = pagecache.cached("municipality", _municipality_view, current=version)
    # ?area=<CBS code>: open the map on that area (the "show on the map" link of area pages).
    focus_code = request.GET.get("area")
    focus = (
        Area.objects.only(*AREA_FIELDS, "geom").filter(code=focus_code).first()
        if focus_code
        else None
    )
    config = {
        **basemap_config(),
        "center": municipality["center"],
        "zoom": municipality["zoom"],
        # Every layer comes from the vector tiles (basemap_config's "tiles"), limited to
        # the municipality; the district names are placed from here.
        "areaFilter": municipality["code"],
        "districtLabels": municipality["labels"],
        "areaUrl": reverse("area-detail", args=["__code__"]),
        "icons": {"playground": static("img/playground.svg"), "centre": static("img/centre.svg")},
        "focus": (
            {"code": focus.code, "name": focus.name, "outline": json.loads(focus.geom.json)}
            if focus
            else None
        ),
    }
    layers = map_layers(request, cache_version=version)
    for layer in layers:
        config[layer["key"]] = layer["config"]
    return render(
        request,
        "maps/map.html",
        {
            "nav_section": "map",
            "municipality": municipality if municipality["code"] else None,
            "focus": focus,
            "map_config": config,
            "work_kinds": PlannedWork.Kind.choices,
            "map_layers": layers,
            # The page between header and page script is the same for every visitor of the
            # plain map (no filters or focus in the address): rendered once per version.
            "content_cache_key": (
                f"{version}:{pagecache.deployment()}" if not request.GET else None
            ),
        },
    )


def area_list(request: HttpRequest) -> HttpResponse:
    neighbourhoods = Area.objects.neighbourhoods().only(*AREA_FIELDS).order_by("name")
    districts = (
        Area.objects.districts()
        .only(*AREA_FIELDS)
        .order_by("name")
        .prefetch_related(Prefetch("children", queryset=neighbourhoods))
    )
    return render(
        request,
        "maps/area_list.html",
        {
            "nav_section": "areas",
            "municipality": Area.objects.municipality().only(*AREA_FIELDS).first(),
            "districts": districts,
        },
    )


def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("parent"), code=code)
    playgrounds = list(Playground.objects.within_area(area).order_by("name"))
    greenery = list(Greenery.objects.within_area(area).order_by("name"))
    works = list(
        PlannedWork.objects.within_area(area).select_related("owner").order_by("start_date", "name")
    )
    centres = list(Centre.objects.within_area(area).order_by("name"))
    centroid = area.geom.centroid
    map_config = {
        **basemap_config(),
        "center": (centroid.y, centroid.x),
        "zoom": MAP_ZOOM,
        "outline": json.loads(area.geom.json),
        "features": _feature_collection(
            [(p, "marker-dot marker-dot--playground") for p in playgrounds]
            + [(g, "greenery") for g in greenery]
            + [(w, f"work work--{w.kind}") for w in works]
            + [(c, "marker-dot marker-dot--centre") for c in centres]
        ),
    }
    return render(
        request,
        "maps/area_detail.html",
        {
            "nav_section": "areas",
            "area": area,
            "children": area.children.only(*AREA_FIELDS).order_by("name"),
            "playgrounds": playgrounds,
            "greenery": greenery,
            "works": works,
            "centres": centres,
            "map_config": map_config,
            "sections": area_sections(area, request),
        },
    )


def _feature_collection(items: list[tuple[object, str]]) -> dict:
    """A small GeoJSON FeatureCollection for the area map; styling by CSS class."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": json.loads(obj.geom.json),
                "properties": {"className": class_name},
            }
            for obj, class_name in items
        ],
    }
