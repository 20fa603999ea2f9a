"""The yearly overview's printable map, made with folium as the area report's
(participatie/triage/exports/reportmap.py, whose local-only Leaflet set-up it shares): the
district outlines (priority districts thick and dashed, so they differ in grey print too)
and the initiatives realised in the year as green dots, with their title, district and the
amount granted in a tooltip."""

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
from participatie.initiatives.models import Initiative
from participatie.initiatives.services import euros

REALISED_COLOUR = "#166534"


@dataclass
class OverviewMap:
    name: str  # the Leaflet map's JavaScript variable
    header: str  # links and styles for <head>
    html: str  # the map's element
    script: str  # the map's script (inline: it runs by the request's CSP nonce)
    realised: int


def realised_of(year: int):
    return (
        Initiative.objects.public()
        .filter(year=year, status=Initiative.Status.REALISED)
        .select_related("district", "decision")
        .order_by("title", "pk")
    )


def _granted_text(initiative: Initiative) -> str:
    decision = getattr(initiative, "decision", None)
    return euros(decision.granted_cents) if decision is not None else ""


def overview_map(*, year: int) -> OverviewMap:
    districts = escaped_properties(
        json.loads(
            feature_collection(
                Area.objects.districts().order_by("name"),
                {"name": "name", "is_priority": "is_priority"},
                precision=5,
            )
        )
    )
    realised = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [i.geom.x, i.geom.y]},
            "properties": {
                "title": escape(i.title),
                "district": escape(i.district.name if i.district else ""),
                "granted": escape(
                    euros(i.decision.granted_cents) if hasattr(i, "decision") else ""
                ),
            },
        }
        for i in realised_of(year)
    ]

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
        districts,
        name=_("Districts"),
        style_function=lambda f: {
            "color": "#1f2937",
            "weight": 4 if f["properties"]["is_priority"] else 1.5,
            "dashArray": "8 5" if f["properties"]["is_priority"] else None,
            "fillColor": "#9ca3af",
            "fillOpacity": 0.08,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=[_("District")]),
    ).add_to(figure_map)
    if realised:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": realised},
            name=_("Realised initiatives"),
            marker=folium.CircleMarker(
                radius=6,
                color="#ffffff",
                weight=1.5,
                fill=True,
                fill_color=REALISED_COLOUR,
                fill_opacity=1,
                class_name="overview-realised",
            ),
            tooltip=folium.GeoJsonTooltip(
                fields=["title", "district", "granted"],
                aliases=[_("Initiative"), _("District"), _("Granted")],
            ),
        ).add_to(figure_map)
    bounds = feature_bounds(districts["features"])
    if bounds:
        figure_map.fit_bounds(bounds)
    folium.LayerControl(collapsed=True).add_to(figure_map)
    figure = figure_map.get_root()
    figure.render()
    return OverviewMap(
        name=figure_map.get_name(),
        header=local_header(figure, "overview map"),
        html=figure.html.render(),
        script=figure.script.render(),
        realised=len(realised),
    )
