"""The Django admin, for programme administrators only, after the second factor.

Installed as the default admin site (apps.StaffAdminConfig), so every `admin.register` of
the domains lands here. There is one log-in for everyone (the site's, with the e-mail
address, then the code): the admin's own log-in page sends there. The neighbourhood and
social teams, whose work is in the workspace, are sent to the workspace; other signed-in
people get a page that says the admin is not for them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.accounts.access import (
    WORKSPACE_PATH,
    may_use_admin,
    two_factor_pending,
    two_factor_redirect,
    works_in_workspace,
)


class StaffAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Programme management")
    site_title = gettext_lazy("Programme management")
    index_title = gettext_lazy("Management")

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user) and not two_factor_pending(request)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        user = request.user
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index", current_app=self.name)
        if not user.is_authenticated:
            return redirect_to_login(target, reverse("login"))
        if two_factor_pending(request):
            return two_factor_redirect(request)
        if self.has_permission(request):
            return redirect(target)
        if works_in_workspace(user):
            messages.info(
                request,
                _(
                    "The management pages are for programme administrators. Your pins are "
                    "here, in the workspace."
                ),
            )
            return redirect(WORKSPACE_PATH)
        return render(request, "accounts/admin_refused.html", status=403)
