from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """Residents' pages for ideas and complaints: pin pages, the pin form, my pins."""

    name = "participatie.web"
    label = "web"
    verbose_name = _("Resident pages")
