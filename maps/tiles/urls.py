from django.urls import path, register_converter

from maps.tiles import views


class LayerConverter:
    regex = "[a-z][a-z-]*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(LayerConverter, "layer")

# Negative or non-numeric z/x/y do not match (404); out-of-range numbers get a 400.
urlpatterns = [
    path("<layer:layer>/<int:z>/<int:x>/<int:y>.pbf", views.tile, name="tile"),
    path("<layer:layer>.json", views.tilejson, name="tilejson"),
]
