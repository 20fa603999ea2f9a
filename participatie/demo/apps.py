from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content of every domain in one command (`setup_demo`): it composes the domains'
    own loaders, so it sits above them, next to the API."""

    name = "participatie.demo"
    label = "demo"
    verbose_name = _("Demo content")
