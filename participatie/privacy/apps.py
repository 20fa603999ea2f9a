from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A resident's data across the domains: the export, deleting the account, retention."""

    name = "participatie.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
