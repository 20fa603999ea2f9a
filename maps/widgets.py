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
        js = ("dist/vendor/ol/ol.js", "gis/js/OLMapWidget.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["basemap_url"] = settings.BASEMAP_URL
        return context
