"""The admin app with our site (admin_site.StaffAdminSite). A module of its own: settings
load it before the models exist, and apps.py may hold only the accounts' own config."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """django.contrib.admin with our site: administrators only, after the second factor."""

    default_site = "participatie.accounts.admin_site.StaffAdminSite"
