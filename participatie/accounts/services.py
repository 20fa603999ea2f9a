"""Writes for accounts: sign-up, e-mail verification, profile, log-in and API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string
from django.utils.translation import gettext

from maps.models import Area
from participatie.accounts import tokens
from participatie.accounts.access import two_factor_required
from participatie.accounts.mail import send_account_mail
from participatie.accounts.models import ApiToken, User
from participatie.accounts.selectors import user_by_email

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _username_for(email: str) -> str:
    """The e-mail address when it fits and is free, else a generated name (never shown)."""
    max_length = User._meta.get_field("username").max_length
    if len(email) <= max_length and not User.objects.filter(username__iexact=email).exists():
        return email
    return f"user-{get_random_string(12).lower()}"


def user_signup(
    *,
    email: str,
    password: str,
    display_name: str = "",
    home_neighbourhood: Area | None = None,
    base_url: str,
) -> User | None:
    """Create a resident account and mail a verification link.

    When the address already has an account nothing is created; its owner gets a mail
    saying so instead. The caller answers the same either way, so the page does not reveal
    which addresses have an account. Returns the new user, or None.
    """
    email = email.strip()
    if user_by_email(email) is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=_username_for(email.lower()),
                    email=email,
                    password=password,
                    display_name=display_name.strip(),
                    home_neighbourhood=home_neighbourhood,
                    role=User.Role.RESIDENT,
                )
        except IntegrityError:
            pass  # the same address signed up at the same moment: treat as existing
        else:
            user_send_verification(user=user, base_url=base_url)
            return user
    # Spend the time of hashing a password here too, so timing does not tell either.
    make_password(password)
    existing = user_by_email(email)
    if existing is not None:
        send_account_mail(
            template="already_registered",
            to=existing.email,
            context={
                "login_url": base_url + reverse("login"),
                "reset_url": base_url + reverse("password-reset"),
            },
        )
    return None


def user_send_verification(*, user: User, base_url: str) -> bool:
    """Mail a fresh verification link to an unverified account; False if nothing was sent."""
    if user.is_email_verified or not user.is_active or not user.email:
        return False
    url = base_url + reverse("verify-email", args=[tokens.email_verification_token(user)])
    return send_account_mail(
        template="verify_email",
        to=user.email,
        context={"user": user, "verify_url": url, "days": tokens.MAX_AGE.days},
    )


def user_verify_email(*, token: str) -> tuple[User, bool]:
    """Verify the address a link was sent to: (user, whether it was newly verified).

    Raises tokens.ExpiredLink or tokens.InvalidLink.
    """
    user = tokens.email_verification_user(token)
    if user.is_email_verified:
        return user, False
    user_mark_email_verified(user=user)
    return user, True


def user_mark_email_verified(*, user: User) -> None:
    if not user.is_email_verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


def user_update_profile(*, user: User, display_name: str, home_neighbourhood: Area | None) -> User:
    user.display_name = display_name.strip()
    user.home_neighbourhood = home_neighbourhood
    user.save(update_fields=["display_name", "home_neighbourhood"])
    return user


def user_authenticate(*, request: HttpRequest | None, email: str, password: str) -> User | None:
    """The active account with this e-mail address and password, or None."""
    user = user_by_email(email)
    if user is None:
        # Hash anyway: the answer should take as long as for an existing address.
        make_password(password)
        return None
    return authenticate(request, username=user.username, password=password)


# A resident's apps and scripts: at most this many tokens; a new one beyond it replaces the
# one used longest ago, so a script that logs in at every run keeps working.
API_TOKENS_MAX = 10
# last_used is written at most this often per token: a request does not have to write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def api_token_create(*, user: User, label: str = "") -> tuple[ApiToken, str]:
    """A new API token for a resident who may take part: the token and its key (shown once;
    only its hash is kept).

    Not for accounts with two-step log-in: a token obtained with the password alone would
    open, without the code, what the staff member sees beyond the public.
    """
    if not user.can_participate:
        raise PermissionError("unverified accounts get no API token")
    if two_factor_required(user):
        raise PermissionError("accounts with two-step log-in get no API token")
    key = secrets.token_urlsafe(30)
    label = " ".join(label.split())[: ApiToken._meta.get_field("label").max_length]
    with transaction.atomic():
        # One at a time per account, so two log-ins at once cannot both skip the limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        surplus = ApiToken.objects.filter(user=user).order_by(
            F("last_used").desc(nulls_last=True), "-created", "-pk"
        )[API_TOKENS_MAX - 1 :]
        ApiToken.objects.filter(pk__in=list(surplus.values_list("pk", flat=True))).delete()
        token = ApiToken.objects.create(
            user=user,
            label=label or gettext("App"),
            key_hash=ApiToken.hash_key(key),
            prefix=key[:8],
            password_fingerprint=user.get_session_auth_hash(),
        )
    return token, key


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The live token with this key (with its user), or None. A token of an inactive
    account, or from before the account's last password change, opens nothing."""
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    if not constant_time_compare(token.password_fingerprint, token.user.get_session_auth_hash()):
        token.delete()
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token


def api_token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when there is no such token (any more)."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every API token of the user (after a password change or reset)."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted
