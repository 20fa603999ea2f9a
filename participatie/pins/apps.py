from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PinsConfig(AppConfig):
    name = "participatie.pins"
    label = "pins"
    verbose_name = _("Ideas and complaints")

    def ready(self):
        from participatie.pins.maplayer import register_pin_map_layer
        from participatie.pins.tiles import register_pin_layer

        register_pin_layer()
        register_pin_map_layer()
