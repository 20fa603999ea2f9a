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
