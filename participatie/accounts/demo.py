"""Demo accounts, one per role. Passwords are random per installation, never in the repo:
they are kept in .local/demo-accounts.txt (git-ignored) so `make run` can print them again."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from maps.models import Area
from maps.partners.models import Partner
from participatie.accounts.models import User

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


def _password_file() -> Path:
    return Path(settings.BASE_DIR) / ".local" / "demo-accounts.txt"


def _known_passwords() -> dict[str, str]:
    path = _password_file()
    if not path.exists():
        return {}
    pairs = (line.split("\t", 1) for line in path.read_text().splitlines() if "\t" in line)
    return {user: password for user, password in pairs}


def demo_accounts_ensure() -> list[tuple[str, str, str, str]]:
    """Create the demo accounts (or repair their passwords), with a verified e-mail address;
    return (username, e-mail, role, password). Residents log in with the e-mail address."""
    known = _known_passwords()
    priority = list(Area.objects.districts().filter(is_priority=True))
    home = Area.objects.neighbourhoods().filter(parent__is_priority=True).order_by("code").first()
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
        user.partner = Partner.objects.filter(slug=partner_slug).first() if partner_slug else None
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
        result.append((username, user.email, user.get_role_display(), password))
    path = _password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{u}\t{p}\n" for u, p in known.items()))
    path.chmod(0o600)
    return result
