"""The second step of a staff log-in: enter the code, or set up the authenticator app."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participatie.accounts import two_factor
from participatie.accounts.access import (
    WORKSPACE_PATH,
    is_verified,
    may_use_admin,
    two_factor_required,
    works_in_workspace,
)
from participatie.accounts.forms import CodeForm
from participatie.accounts.ratelimits import rate_exceeded, too_many_requests


def staff_home(user) -> str:
    """Where a staff member goes after logging in when no page was asked for."""
    if works_in_workspace(user):
        return WORKSPACE_PATH
    if may_use_admin(user):
        return reverse("admin:index")
    return settings.LOGIN_REDIRECT_URL


def next_url(request: HttpRequest) -> str:
    """The page asked for (on this site only), else the staff member's home."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return staff_home(request.user)


def with_next(view_name: str, target: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': target})}"


def _over_limit(request: HttpRequest) -> HttpResponse | None:
    """Codes count per client address and per account, like the log-in."""
    wait = rate_exceeded(
        request,
        group="accounts.two-factor",
        rate=settings.ACCOUNT_RATE_TWO_FACTOR,
        email=f"account-{request.user.pk}",
    )
    return too_many_requests(request, wait) if wait is not None else None


def _code_refused(form: CodeForm, result: two_factor.Result) -> None:
    if result.outcome is two_factor.Outcome.WAIT:
        message = ngettext(
            "After a wrong code, the next try waits a little longer each time. Wait "
            "%(seconds)d second, then enter the newest code.",
            "After a wrong code, the next try waits a little longer each time. Wait "
            "%(seconds)d seconds, then enter the newest code.",
            result.wait_seconds,
        ) % {"seconds": result.wait_seconds}
    else:
        message = _(
            "This code is not right. Enter the newest code from your authenticator app; "
            "check that your phone's clock is right."
        )
    form.add_error("code", message)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user, target = request.user, next_url(request)
    if not two_factor_required(user) or is_verified(user):
        return redirect(target)
    if two_factor.confirmed_device(user) is None:
        return redirect(with_next("two-factor-setup", target))
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        limited = _over_limit(request)
        if limited is not None:
            return limited
        if form.is_valid():
            result = two_factor.code_verify(request, form.cleaned_data["code"])
            if result.outcome is two_factor.Outcome.VERIFIED:
                return redirect(target)
            _code_refused(form, result)
    context = {"form": form, "next": target}
    status = 400 if form.errors else 200
    return render(request, "accounts/two_factor_verify.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user, target = request.user, next_url(request)
    if not two_factor_required(user):
        return redirect(target)
    if two_factor.confirmed_device(user) is not None:
        # Adding another authenticator would need only the password: enter a code instead.
        return redirect(with_next("two-factor-verify", target))
    device = two_factor.enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        limited = _over_limit(request)
        if limited is not None:
            return limited
        if form.is_valid():
            result = two_factor.enrolment_confirm(request, device, form.cleaned_data["code"])
            if result.outcome is two_factor.Outcome.VERIFIED:
                messages.success(request, _("Two-step log-in is set up. Welcome!"))
                return redirect(target)
            _code_refused(form, result)
    uri = two_factor.otpauth_uri(device)
    context = {
        "form": form,
        "next": target,
        "secret": two_factor.secret_text(device),
        "otpauth_uri": uri,
        "qr_svg": mark_safe(two_factor.qr_svg(uri, title=_("QR code to scan"))),  # noqa: S308 (made here, escaped by segno)
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/two_factor_setup.html", context, status=status)
