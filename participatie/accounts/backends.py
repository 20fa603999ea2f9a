"""Permissions from the role: a programme administrator may manage the programme's data in
the admin without someone handing out Django permissions one by one.

Not a way to log in (authenticate returns None): only `has_perm`. It grants the models of
the programme's own apps, not Django's groups and permissions, so a programme
administrator cannot make anyone a superuser; which rows they see is still each admin's
queryset (pins: Pin.objects.visible_to, without the confidential signals).
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Permission

from participatie.accounts.access import may_use_admin

PROGRAMME_APPS = {
    "accounts",
    "initiatives",
    "maps",
    "partners",
    "pins",
    "triage",
    "voting",
    "otp_totp",
}
_CACHE = "_programme_admin_perm_cache"


def _is_programme_admin(user) -> bool:
    return may_use_admin(user) and not user.is_superuser  # superusers have every permission


class ProgrammeAdminPermissions(BaseBackend):
    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None or not _is_programme_admin(user_obj):
            return set()
        if not hasattr(user_obj, _CACHE):
            rows = Permission.objects.filter(
                content_type__app_label__in=PROGRAMME_APPS
            ).values_list("content_type__app_label", "codename")
            setattr(user_obj, _CACHE, {f"{app}.{codename}" for app, codename in rows})
        return getattr(user_obj, _CACHE)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return _is_programme_admin(user_obj) and app_label in PROGRAMME_APPS
