from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PinsConfig(AppConfig):
    name = "participatie.pins"
    label = "pins"
    verbose_name = _("Ideas and complaints")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from maps import pagecache
        from participatie.pins.maplayer import register_pin_map_layer
        from participatie.pins.models import Category
        from participatie.pins.tiles import register_pin_layer

        register_pin_layer()
        register_pin_map_layer()
        # The map page caches the category names and filter choices (maps/pagecache.py).
        for signal in (post_save, post_delete):
            signal.connect(pagecache.purge_on_commit, sender=Category, dispatch_uid="pages-cat")
