from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    """The partners' workspace: filter, triage and route pins by area; exports and area
    reports. Its data is the pins' (handled through the pins' services); its own are the
    saved filters."""

    name = "participatie.triage"
    label = "triage"
    verbose_name = _("Workspace")
