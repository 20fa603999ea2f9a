"""The pins' part of the map page and the area pages: the vector-tile layer's settings for
the page script, the filter form (the one PinFilterSet, bound to the page URL), the layer
switch, legend and the list beside the map; and the ideas and complaints of an area."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from maps.areas import area_bounds
from maps.composition import AreaSection, MapLayer, register_area_section, register_map_layer
from participatie.pins.converters import pin_url_template
from participatie.pins.filters import PinFilterSet
from participatie.pins.models import OPEN_STATUSES, Pin
from participatie.pins.selectors import public_category_names

# The list beside the map shows at most this many of the newest pins in view.
PIN_LIST_LIMIT = 200
# An area page lists this many of the newest public pins, and links to the rest.
AREA_PIN_COUNT = 10


def pins_map_config(request: HttpRequest) -> dict:
    tile = reverse("tile", kwargs={"layer": "pins", "z": 0, "x": 0, "y": 0})
    return {
        "tiles": tile.replace("/0/0/0.pbf", "/{z}/{x}/{y}.pbf"),
        "list": reverse("v1:public:pin-list"),
        "pinUrl": pin_url_template("pin-page"),
        "listLimit": PIN_LIST_LIMIT,
        "kinds": dict(Pin.Kind.choices),
        "statuses": dict(Pin.Status.choices),
        "openStatuses": list(OPEN_STATUSES),
        "categories": public_category_names(),
        "areaBounds": area_bounds(),
    }


def pins_filter_form(request: HttpRequest):
    """The filter form bound to the page URL (`/?kind=complaint&area=WK010605`), so a
    filtered map can be shared and bookmarked; both kinds when nothing is chosen."""
    data = request.GET.copy()
    if not data.getlist("kind"):
        data.setlist("kind", Pin.Kind.values)
    return PinFilterSet(data, queryset=Pin.objects.none()).form


def area_pins_context(area, request: HttpRequest) -> dict:
    pins = PinFilterSet(
        {"area": area.code}, queryset=Pin.objects.public().select_related("category")
    ).qs
    return {
        "pins": pins.order_by("-created_at", "-id")[:AREA_PIN_COUNT],
        "pin_count": pins.count(),
        "list_url": reverse("pin-list-page") + f"?area={area.code}",
    }


def register_pin_map_layer() -> None:
    register_map_layer(
        MapLayer(
            key="pins",
            config=pins_map_config,
            # Built only when rendered: the plain map's panel usually comes from the cache.
            context=lambda request: {
                "filter_form": SimpleLazyObject(lambda: pins_filter_form(request))
            },
            templates={
                "intro": "pins/map/intro.html",
                "panel": "pins/map/filters.html",
                "switch": "pins/map/switch.html",
                "legend": "pins/map/legend.html",
                "aside": "pins/map/list.html",
            },
            order=10,
            cacheable_config=True,  # areas, categories and labels only
        )
    )
    register_area_section(
        AreaSection(
            key="pins", template="pins/map/area_section.html", context=area_pins_context, order=10
        )
    )
