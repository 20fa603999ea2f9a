"""A staff session is not complete until the second factor: StaffTwoFactorMiddleware.

Placed after django_otp's OTPMiddleware. While a staff member has entered the password but
not yet the code, every request goes to the code page — pages, the admin, the workspace,
exports, but also the pin pages, the API and the tiles, which show a staff member more
than the public. Only the code pages themselves, logging out and the language switch stay
open. The API and the tiles answer 403 instead of sending a page script to an HTML page.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from participatie.accounts.access import two_factor_pending, two_factor_redirect
from participatie.problems import API_PREFIXES, problem_response

# URL names a staff member may open before entering the code.
OPEN_BEFORE_CODE = {
    "two-factor-verify",
    "two-factor-setup",
    "logout",
    "set_language",
    "javascript-catalog",
    "favicon",
    "media",
}
# Machine-readable endpoints (API_PREFIXES): a 403 with a reason, not a redirect to a page.


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if two_factor_pending(request) and not _open_before_code(request.path_info):
            if request.path.startswith(API_PREFIXES):
                message = _("Enter the code of your authenticator app first (two-step log-in).")
                return problem_response(403, message)
            return two_factor_redirect(request)
        return self.get_response(request)


def _open_before_code(path: str) -> bool:
    # Also for addresses that do not exist: a staff member learns nothing before the code.
    try:
        return resolve(path).url_name in OPEN_BEFORE_CODE
    except Resolver404:
        return False
