from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "maps"
    verbose_name = _("Geography")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from maps import pagecache
        from maps.models import Area
        from maps.tiles.layers import _register_map_layers

        _register_map_layers()
        # The pages' cached parts (not business logic: a cache purge on any write path,
        # the admin included).
        for signal in (post_save, post_delete):
            signal.connect(pagecache.purge_on_commit, sender=Area, dispatch_uid="pages-area")
