from django.conf import settings
from django.contrib.gis.forms.widgets import OSMWidget


class LocalMapWidget(OSMWidget):
    """Django's OpenLayers geometry editor, served from our own static files (no CDN), over
    the configured base map, centred on the municipality."""

    template_name = "gis/participatie-map.html"
    default_lon = 6.56
    default_lat = 52.99
    default_zoom = 13

    class Media:
        # Replace Django's Media instead of adding to it: OpenLayersWidget's lists the CDN
        # copies of OpenLayers, which a closed network cannot load.
        extend = False
        css = {"all": ("dist/vendor/ol/ol.css", "gis/css/ol3.css")}
        js = ("dist/vendor/ol/ol.js", "gis/js/OLMapWidget.js", "maps/mapwidget.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Options as JSON for maps/mapwidget.js: Django's template writes them into an
        # inline script, which the Content-Security-Policy refuses.
        field_id = context.get("id") or f"id_{name}"
        context["id"] = field_id
        context["widget_options_id"] = f"{field_id}-map-widget"
        context["widget_options"] = {
            "module": context["module"],
            "basemap_url": settings.BASEMAP_URL,
            "geom_name": context["geom_type"],
            "id": field_id,
            "map_id": f"{field_id}_map",
            "map_srid": context["map_srid"],
            "name": context["name"],
            "default_lon": context["default_lon"],
            "default_lat": context["default_lat"],
            "default_zoom": context["default_zoom"],
        }
        return context
