"""What the printable folium maps (the area report, the yearly initiatives overview) share:
folium's <head> part checked to load only the site's own static files, the bounds of a
FeatureCollection, and its text properties escaped for folium's tooltips."""

from __future__ import annotations

from branca.element import CssLink, JavascriptLink
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import escape


def local_header(figure, what: str) -> str:
    """The figure's <head> part without folium's page-wide styles (it sizes html and body
    for a page of its own, and forbids zooming), after checking that every link is to the
    site's own static files (the page works on a closed network). `what` names the map in
    the error."""
    parts = []
    for name, element in figure.header._children.items():
        if isinstance(element, JavascriptLink | CssLink):
            if not element.url.startswith(settings.STATIC_URL):
                raise ImproperlyConfigured(f"The {what} would load {element.url}")
        elif name == "meta_http" or name.startswith("map_"):
            continue
        parts.append(element.render())
    return "\n".join(parts)


def feature_bounds(features: list[dict]):
    """[[south, west], [north, east]] of the features' coordinates; None without any."""
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], int | float):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for item in coords:
                walk(item)

    for feature in features:
        walk(feature["geometry"]["coordinates"])
    if not xs:
        return None
    return [[min(ys), min(xs)], [max(ys), max(xs)]]


def escaped_properties(collection: dict) -> dict:
    """folium's tooltips put property values into HTML as they are: escape the text (a
    title is whatever a resident typed)."""
    for feature in collection["features"]:
        properties = feature["properties"]
        for key, value in properties.items():
            if isinstance(value, str):
                properties[key] = escape(value)
    return collection
