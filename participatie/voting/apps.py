from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    """Redesign projects: designers publish options for a street or square, residents
    compare them on the map and vote."""

    name = "participatie.voting"
    label = "voting"
    verbose_name = _("Redesign votes")

    def ready(self):
        from participatie.voting.maplayer import register_redesign_map_layer

        register_redesign_map_layer()

        from django.db.models.signals import post_delete, post_save

        from maps import pagecache
        from participatie.voting.models import RedesignProject

        # The map page keeps the projects that follow a planned work in its page cache
        # (participatie/voting/maplayer.py): stale once a project is written.
        for signal in (post_save, post_delete):
            signal.connect(
                pagecache.purge_on_commit, sender=RedesignProject, dispatch_uid="pages-redesign"
            )
