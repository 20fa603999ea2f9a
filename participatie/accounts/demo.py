"""Demo accounts, one per role. Passwords are random per installation, never in the repo:
they are kept in demo-accounts.txt in DATA_DIR (.local/ of the checkout, git-ignored) so
`make run` can print them again.

Staff log in in two steps, so each demo staff account has an authenticator (a TOTP device)
whose secret is kept the same way, in DATA_DIR/demo-totp.txt: `make run` prints it as a key
and an otpauth URI to add to an authenticator app, and `manage.py demo_code <user>` shows
the current code on the developer's own machine.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from maps.models import Area
from maps.partners.programme import partner_of
from participatie.accounts.access import is_staff_member
from participatie.accounts.models import User
from participatie.accounts.two_factor import otpauth_uri, secret_text

DEMO_DEVICE_NAME = "demo"

DEMO_ACCOUNTS = [
    # username, display name, role, partner slug, Django admin, superuser. Only programme
    # administrators use the Django admin; the teams work in the workspace (/werkruimte/).
    ("bewoner", "Demo-bewoner", User.Role.RESIDENT, None, False, False),
    ("ontwerper", "Ontwerper gemeente (demo)", User.Role.DESIGNER, "gemeente-assen", False, False),
    ("wijkteam", "Wijkteam Actium (demo)", User.Role.WIJKTEAM, "actium", False, False),
    (
        "buurtteam",
        "Buurtteam Vaart Welzijn (demo)",
        User.Role.BUURTTEAM,
        "vaart-welzijn",
        False,
        False,
    ),
    ("beheerder", "Programmateam (demo)", User.Role.ADMIN, "gemeente-assen", True, True),
]


class DemoAccount(NamedTuple):
    username: str
    email: str
    role: str
    password: str
    totp_secret: str = ""  # staff: the key to type into an authenticator app
    totp_uri: str = ""  # staff: the same as an otpauth:// URI (what a QR code holds)


def _password_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-accounts.txt"


def _totp_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-totp.txt"


def _read_pairs(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split("\t", 1) for line in path.read_text().splitlines() if "\t" in line)
    return {user: value for user, value in pairs}


def _write_pairs(path: Path, pairs: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{u}\t{v}\n" for u, v in pairs.items()))
    path.chmod(0o600)


def _known_passwords() -> dict[str, str]:
    return _read_pairs(_password_file())


def _demo_device(user: User, keys: dict[str, str]) -> TOTPDevice:
    """The demo account's authenticator, with the key kept in .local (a new one the first
    time); other authenticators of the account are left alone."""
    key = keys.get(user.username) or TOTPDevice._meta.get_field("key").default()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": key, "confirmed": True}
    )
    keys[user.username] = key
    return device


def demo_accounts_ensure() -> list[DemoAccount]:
    """Create the demo accounts (or repair their passwords and authenticators), with a
    verified e-mail address. Everyone logs in with the e-mail address; staff then enter a
    code from the authenticator."""
    known = _known_passwords()
    keys = _read_pairs(_totp_file())
    priority = list(Area.objects.districts().of_municipality().filter(is_priority=True))
    home = (
        Area.objects.neighbourhoods()
        .of_municipality()
        .filter(parent__is_priority=True)
        .order_by("code")
        .first()
    )
    result = []
    for username, display_name, role, partner_slug, staff, superuser in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.role = role
        user.display_name = display_name
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.is_staff = staff
        user.is_superuser = superuser
        # Assen's partner, or the partner of the same kind of another municipality.
        user.partner = partner_of(partner_slug) if partner_slug else None
        if role == User.Role.RESIDENT:
            user.home_neighbourhood = home
        password = known.get(username)
        if not password or not user.check_password(password):
            password = secrets.token_urlsafe(9)
            user.set_password(password)
        user.save()
        if role in (User.Role.WIJKTEAM, User.Role.BUURTTEAM):
            user.districts.set(priority)
        known[username] = password
        account = DemoAccount(username, user.email, user.get_role_display(), password)
        if is_staff_member(user) or user.is_staff:
            device = _demo_device(user, keys)
            account = account._replace(
                totp_secret=secret_text(device), totp_uri=otpauth_uri(device)
            )
        result.append(account)
    _write_pairs(_password_file(), known)
    _write_pairs(_totp_file(), keys)
    return result


def demo_code(username: str) -> str | None:
    """The current code of a demo staff account's authenticator (None for another user):
    for trying the site on a machine without an authenticator app."""
    key = _read_pairs(_totp_file()).get(username)
    device = (
        TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE_NAME, key=key)
        .order_by("pk")
        .first()
        if key
        else None
    )
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
