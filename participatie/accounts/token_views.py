"""The resident's API tokens: which apps and scripts can act for them, and revoking one.
Plain forms (no script needed): each token has its own revoke button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from participatie.accounts import services
from participatie.accounts.selectors import api_tokens_of


@require_GET
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    context = {"tokens": api_tokens_of(request.user), "nav_section": "account"}
    return render(request, "accounts/api_tokens.html", context)


@require_POST
@login_required
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if services.api_token_revoke(user=request.user, token_id=token_id):
        messages.success(request, _("The token has been revoked: it no longer opens your account."))
    else:
        messages.info(request, _("This token had already been revoked."))
    return redirect("api-tokens")


@require_POST
@login_required
def api_tokens_revoke_all(request: HttpRequest) -> HttpResponse:
    if services.api_tokens_revoke_all(user=request.user):
        messages.success(request, _("All tokens have been revoked."))
    return redirect("api-tokens")
