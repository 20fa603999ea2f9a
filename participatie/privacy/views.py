"""The resident's own data: download it, or delete the account."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from participatie.accounts.leaving import may_delete_itself
from participatie.privacy import export, services
from participatie.privacy.forms import AccountDeleteForm


@login_required
@require_GET
def export_download(request: HttpRequest) -> HttpResponse:
    return export.export_response(user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    allowed = may_delete_itself(request.user)
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            services.account_delete(
                user=request.user,
                password=form.cleaned_data["password"],
                keep_pins=form.keep_pins,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            allowed = False
        else:
            logout(request)
            return redirect("account-deleted")
    status = 400 if form.errors else 200
    context = {"form": form, "allowed": allowed, "nav_section": "account"}
    return render(request, "privacy/account_delete.html", context, status=status)


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/account_deleted.html")
