"""The area report's map, made with folium: the pins of the selection as small circles
(ideas filled blue, complaints as orange rings, so the kinds differ in grey print too), the
district outlines, and the neighbourhoods filled by their number of pins (a choropleth).

folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs by default. The report
must work on a closed network, so the map links the project's own copy of Leaflet
(frontend/build.mjs copies it to static/dist/vendor/leaflet/) and nothing else: the
features used here (GeoJSON layers, circle markers, tooltips, a layer control) need no
more. A folium feature that would bring a link from elsewhere stops the report with an
error instead of quietly reaching out to the internet.

The base map (settings.BASEMAP_URL, an external tile server by default) is offered in the
layer control but off at first: the report shows its areas and pins without it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import escape
from django.utils.translation import gettext as _

from maps.foliummaps import escaped_properties, feature_bounds, local_header
from maps.geojson import feature_collection
from maps.models import Area
from maps.selectors import choice_label
from participatie.pins.models import Pin
from participatie.pins.selectors import category_name_expression

# More points than this make a slow page and an unreadable print: then only the counts.
POINTS_MAX = 5000
KIND_COLOURS = {Pin.Kind.IDEA: "#1d4ed8", Pin.Kind.COMPLAINT: "#c2410c"}
# ColorBrewer YlOrRd, five classes (readable in colour-blind and grey print).
PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
EMPTY_FILL = "#ffffff"


@dataclass
class CountClass:
    low: int
    high: int
    colour: str


@dataclass
class ReportMap:
    name: str  # the Leaflet map's JavaScript variable
    header: str  # links and styles for <head>
    html: str  # the map's element
    script: str  # the map's script
    classes: list[CountClass]
    points_drawn: bool


def count_classes(maximum: int) -> list[CountClass]:
    """Up to five classes of equal width (whole numbers) from 1 to `maximum`."""
    if maximum <= 0:
        return []
    steps = min(len(PALETTE), maximum)
    width = -(-maximum // steps)  # ceiling
    classes, low = [], 1
    while low <= maximum:
        high = min(low + width - 1, maximum)
        classes.append(CountClass(low, high, ""))
        low = high + 1
    for index, item in enumerate(classes):
        # Spread the palette over however many classes there are, darkest for the most.
        item.colour = PALETTE[round(index * (len(PALETTE) - 1) / max(len(classes) - 1, 1))]
    return classes


def colour_of(count: int, classes: list[CountClass]) -> str:
    for item in classes:
        if item.low <= count <= item.high:
            return item.colour
    return EMPTY_FILL


def _areas_geojson(areas: list[Area], extra: dict[str, dict]) -> dict:
    collection = json.loads(
        feature_collection(
            Area.objects.filter(pk__in=[a.pk for a in areas]).order_by("name"),
            {"code": "code", "name": "name"},
            precision=5,
        )
    )
    for feature in collection["features"]:
        feature["properties"].update(extra.get(feature["properties"]["code"], {}))
    return escaped_properties(collection)


def _pins_geojson(pins, kind: str) -> dict:
    properties = {
        "title": "title",
        "category": category_name_expression(),
        "status": choice_label("status", Pin.Status.choices),
    }
    return escaped_properties(
        json.loads(feature_collection(pins.filter(kind=kind), properties, precision=5))
    )


def report_map(*, pins, areas, counts: dict[str, int], polygon=None) -> ReportMap:
    classes = count_classes(max(counts.values(), default=0))
    hoods = _areas_geojson(
        areas.neighbourhoods,
        {code: {"count": count} for code, count in counts.items()},
    )
    for feature in hoods["features"]:
        feature["properties"].setdefault("count", 0)
    districts = _areas_geojson(areas.districts, {})

    figure_map = folium.Map(tiles=None, control_scale=True, zoom_snap=0.25)
    figure_map.default_js = [("leaflet", static("dist/vendor/leaflet/leaflet.js"))]
    figure_map.default_css = [("leaflet_css", static("dist/vendor/leaflet/leaflet.css"))]
    if settings.BASEMAP_URL:
        folium.TileLayer(
            settings.BASEMAP_URL,
            attr=settings.BASEMAP_ATTRIBUTION,
            name=_("Base map"),
            overlay=True,
            show=False,
            max_zoom=19,
        ).add_to(figure_map)

    folium.GeoJson(
        hoods,
        name=_("Pins per neighbourhood"),
        style_function=lambda f: {
            "color": "#555555",
            "weight": 1,
            "fillColor": colour_of(f["properties"]["count"], classes),
            "fillOpacity": 0.6,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "count"], aliases=[_("Neighbourhood"), _("Pins")]
        ),
    ).add_to(figure_map)
    folium.GeoJson(
        districts,
        name=_("Districts"),
        style_function=lambda f: {"color": "#1f2937", "weight": 3, "fill": False},
        interactive=False,
    ).add_to(figure_map)
    if polygon is not None:
        folium.GeoJson(
            json.loads(polygon.geojson),
            name=_("Drawn area"),
            style_function=lambda f: {
                "color": "#111111",
                "weight": 2,
                "dashArray": "6 4",
                "fill": False,
            },
            interactive=False,
        ).add_to(figure_map)

    points_drawn = pins.order_by()[: POINTS_MAX + 1].count() <= POINTS_MAX
    if points_drawn:
        for kind, label in Pin.Kind.choices:
            colour = KIND_COLOURS[kind]
            folium.GeoJson(
                _pins_geojson(pins, kind),
                name=str(label),
                marker=folium.CircleMarker(
                    radius=4,
                    color=colour,
                    weight=2.5,
                    fill=True,
                    fill_color=colour if kind == Pin.Kind.IDEA else "#ffffff",
                    fill_opacity=1,
                    class_name=f"report-pin report-pin--{kind}",
                ),
                tooltip=folium.GeoJsonTooltip(
                    fields=["title", "category", "status"],
                    aliases=[_("Title"), _("Category"), _("Status")],
                ),
            ).add_to(figure_map)

    bounds = feature_bounds([*hoods["features"], *districts["features"]])
    if bounds:
        figure_map.fit_bounds(bounds)
    folium.LayerControl(collapsed=True).add_to(figure_map)

    figure = figure_map.get_root()
    figure.render()
    return ReportMap(
        name=figure_map.get_name(),
        header=local_header(figure, "area report"),
        html=figure.html.render(),
        script=figure.script.render(),
        classes=classes,
        points_drawn=points_drawn,
    )


def legend_label(item: CountClass) -> str:
    return escape(str(item.low) if item.low == item.high else f"{item.low}–{item.high}")
