"""Account pages: sign-up, e-mail verification, log-in/out, password reset, my account."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participatie.accounts import forms, ratelimits, services, tokens, two_factor_views
from participatie.accounts.access import is_staff_member, two_factor_pending, two_factor_required
from participatie.accounts.ratelimits import rate_limited
from participatie.accounts.selectors import user_by_email


def _base_url(request: HttpRequest) -> str:
    """Scheme and host for links in mails (the host is checked against ALLOWED_HOSTS)."""
    return request.build_absolute_uri("/").rstrip("/")


@require_http_methods(["GET", "POST"])
@rate_limited("accounts.signup", "ACCOUNT_RATE_SIGNUP")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("account")
    form = forms.SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_signup(
            email=data["email"],
            password=data["password1"],
            display_name=data["display_name"],
            home_neighbourhood=data["home_neighbourhood"],
            base_url=_base_url(request),
        )
        # The same answer whether or not the address already had an account.
        return redirect("signup-done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/check_email.html", {"days": tokens.MAX_AGE.days})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user, newly_verified = services.user_verify_email(token=token)
    except tokens.ExpiredLink:
        return _verify_failed(request, _("This link has expired."))
    except tokens.InvalidLink:
        return _verify_failed(request, _("This link is not valid. Did you copy all of it?"))
    if newly_verified:
        login(request, user, backend=services.MODEL_BACKEND)
        messages.success(request, _("Your e-mail address is confirmed. You can now take part."))
        return redirect("account")
    # A used link does not log in again: it would otherwise work as a password for days.
    if request.user == user:
        messages.info(request, _("Your e-mail address was already confirmed."))
        return redirect("account")
    messages.info(request, _("Your e-mail address was already confirmed. Please log in."))
    return redirect("login")


def _verify_failed(request: HttpRequest, reason: str) -> HttpResponse:
    context = {"reason": reason, "form": forms.EmailForm()}
    return render(request, "accounts/verify_failed.html", context, status=400)


@require_http_methods(["GET", "POST"])
@rate_limited("accounts.resend", "ACCOUNT_RATE_SIGNUP")
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        if request.method == "POST":
            if user.is_email_verified:
                messages.info(request, _("Your e-mail address was already confirmed."))
            elif services.user_send_verification(user=user, base_url=_base_url(request)):
                messages.success(request, _("We have sent you a new link. Check your e-mail."))
            else:
                messages.error(request, _("The e-mail could not be sent. Please try again later."))
        return redirect("account")
    form = forms.EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        existing = user_by_email(form.cleaned_data["email"])
        if existing is not None:
            services.user_send_verification(user=existing, base_url=_base_url(request))
        return redirect("signup-done")
    return render(request, "accounts/resend_verification.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    form = forms.ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            home_neighbourhood=form.cleaned_data["home_neighbourhood"],
        )
        messages.success(request, _("Your details have been saved."))
        return redirect("account")
    return render(request, "accounts/account.html", {"form": form, "nav_section": "account"})


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy statement; its periods come from the settings that enforce them."""
    context = {
        "confidential_days": settings.CONFIDENTIAL_RETENTION_DAYS,
        "unconfirmed_days": settings.UNCONFIRMED_ACCOUNT_DAYS,
        "link_days": tokens.MAX_AGE.days,
    }
    return render(request, "accounts/privacy.html", context)


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Counted before the password is checked (ratelimits.login_attempt).
        self.attempt = ratelimits.login_attempt(request, email=request.POST.get("email", ""))
        if self.attempt.wait is not None:
            return ratelimits.too_many_requests(request, self.attempt.wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.attempt.succeeded()
        return super().form_valid(form)

    def get_success_url(self):
        """Staff go on to the second step (the code), then to the page they asked for or
        to their own start page."""
        user = self.request.user
        if not is_staff_member(user) and not two_factor_required(user):
            return super().get_success_url()
        target = self.get_redirect_url() or two_factor_views.staff_home(user)
        if two_factor_pending(self.request):
            return two_factor_views.with_next("two-factor-verify", target)
        return target


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password-reset-done")

    @property
    def extra_email_context(self) -> dict:
        return {"site_name": settings.SITE_NAME}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")

    def form_valid(self, form):
        # The reset link reached this mailbox: that confirms the address too.
        services.user_mark_email_verified(user=form.user)
        # Whoever had the old password may have made tokens with it.
        services.api_tokens_revoke_all(user=form.user)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        if services.api_tokens_revoke_all(user=form.user):
            messages.success(
                self.request,
                _(
                    "Your password has been changed. The API tokens of your apps have been "
                    "revoked: log in again in those apps."
                ),
            )
        else:
            messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


login_view = LoginView.as_view()
password_reset = rate_limited("accounts.password-reset", "ACCOUNT_RATE_PASSWORD_RESET")(
    PasswordResetView.as_view()
)
