from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "maps"
    verbose_name = _("Geography")

    def ready(self):
        from maps.tiles.layers import _register_map_layers

        _register_map_layers()
