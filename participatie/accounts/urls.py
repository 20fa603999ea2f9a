from django.contrib.auth import views as auth_views
from django.urls import path

from participatie.accounts import token_views, two_factor_views, views

# Mounted at /account/. Paths are Dutch (they are what residents see); names are English.
urlpatterns = [
    path("", views.account, name="account"),
    path("aanmelden/", views.signup, name="signup"),
    path("aanmelden/verzonden/", views.signup_done, name="signup-done"),
    # Before bevestigen/<token>/, which would match "opnieuw" too.
    path("bevestigen/opnieuw/", views.resend_verification, name="resend-verification"),
    path("bevestigen/<str:token>/", views.verify_email, name="verify-email"),
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord-vergeten/", views.password_reset, name="password-reset"),
    path(
        "wachtwoord-vergeten/verzonden/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("wachtwoord-wijzigen/", views.PasswordChangeView.as_view(), name="password-change"),
    # The API tokens of the resident's apps and scripts.
    path("apps/", token_views.api_tokens, name="api-tokens"),
    path("apps/<int:token_id>/intrekken/", token_views.api_token_revoke, name="api-token-revoke"),
    path("apps/alles-intrekken/", token_views.api_tokens_revoke_all, name="api-tokens-revoke-all"),
    # The privacy statement lives at /privacy/ (participatie/urls.py); this older address
    # keeps working for links already out there.
    path("privacy/", views.privacy, name="account-privacy"),
    # The second step of a staff log-in.
    path("code/", two_factor_views.two_factor_verify, name="two-factor-verify"),
    path("code/instellen/", two_factor_views.two_factor_setup, name="two-factor-setup"),
]
