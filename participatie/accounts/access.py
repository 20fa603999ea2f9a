"""Who counts as staff, and the one gate in front of every staff page.

Staff are the partners' people (wijkteam, buurtteam, designers) and programme
administrators. Each staff page is wrapped in `staff_required`: signed in, a staff role,
and — where two-factor log-in is required (STAFF_TWO_FACTOR, on by default) — a verified
second factor. The same second-factor rule is applied to every other request of a staff
session by StaffTwoFactorMiddleware, so the password alone opens nothing a staff member
sees beyond what the public sees.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from participatie.accounts.models import User

STAFF_ROLES = {User.Role.WIJKTEAM, User.Role.BUURTTEAM, User.Role.DESIGNER, User.Role.ADMIN}
# The partners' daily screen (participatie/triage, mounted in participatie/urls.py). The
# neighbourhood and social teams who try the Django admin are sent there.
WORKSPACE_PATH = "/werkruimte/"
WORKSPACE_ROLES = {User.Role.WIJKTEAM, User.Role.BUURTTEAM}


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_staff_member(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in STAFF_ROLES)


def may_use_admin(user) -> bool:
    """The Django admin is for programme administrators (and the operator) only: an admin
    flag on any other role does not open it."""
    return _active(user) and user.is_staff and (user.is_superuser or user.role == User.Role.ADMIN)


def works_in_workspace(user) -> bool:
    return _active(user) and not user.is_superuser and user.role in WORKSPACE_ROLES


# --- the second factor ------------------------------------------------------------------


def two_factor_required(user) -> bool:
    """Whether this account must enter a code after the password: every staff role, and
    anyone with the admin flag. Never residents."""
    if not settings.STAFF_TWO_FACTOR or not _active(user):
        return False
    return is_staff_member(user) or bool(user.is_staff)


def is_verified(user) -> bool:
    """A code was entered in this session (django_otp's middleware tells, per request)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def two_factor_pending(request: HttpRequest) -> bool:
    """Signed in with the password, the code still to come."""
    user = getattr(request, "user", None)
    return two_factor_required(user) and not is_verified(user)


def two_factor_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """To the code page, and back to this page afterwards (for a page one can go back to)."""
    url = reverse("two-factor-verify")
    if request.method in ("GET", "HEAD"):
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)


def staff_required(view):
    """Signed in with a staff role and, where required, a verified second factor; anyone
    else is sent to log in (or to enter the code), or refused (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(user):
            raise PermissionDenied
        if two_factor_pending(request):
            return two_factor_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped
