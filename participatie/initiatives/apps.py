from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    """Neighbourhood initiatives: residents propose, the neighbours back them, the district's
    team reviews and the partners fund them from a joint budget; the organisers report."""

    name = "participatie.initiatives"
    label = "initiatives"
    verbose_name = _("Neighbourhood initiatives")

    def ready(self):
        from participatie.initiatives.maplayer import register_initiative_layers

        register_initiative_layers()
