"""Django's error handlers (handler400/403/404/500 in participatie/urls.py).

Under /api/ and /tiles/ every error is problem details (participatie/problems.py); pages
keep their HTML. A lost database connection is a 503 with Retry-After, not a 500: the
server comes back by itself when PostgreSQL does (CONN_HEALTH_CHECKS replaces the broken
connection at the next request).
"""

from __future__ import annotations

import sys

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django.views import csrf, defaults

from participatie.problems import database_unavailable, is_api, problem_response

# SQLSTATEs of a server that is going away or not there yet (class 08: connection
# exception; 57P01-57P03: shut down by the administrator, crashed, cannot connect now).
# A refused or broken connection has no SQLSTATE at all.
CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")


def connection_lost(exc: BaseException | None) -> bool:
    """A failure to reach PostgreSQL, not an error of a statement (a deadlock or a timeout
    is also an OperationalError, and stays a 500 that someone should look at)."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    state = getattr(exc.__cause__, "sqlstate", None)
    return state is None or state.startswith(CONNECTION_STATES)


def bad_request(request, exception=None):
    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return problem_response(413)
    return problem_response(400)


def permission_denied(request, exception=None):
    if not is_api(request):
        return defaults.permission_denied(request, exception)
    message = str(exception) if exception is not None and str(exception) else None
    return problem_response(403, message)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. DRF's views check CSRF themselves (a 403 problem through the
    API's exception handler); this covers the plain Django views under /tiles/."""
    if not is_api(request):
        return csrf.csrf_failure(request, reason)
    return problem_response(403, _("CSRF verification failed: %(reason)s") % {"reason": reason})


def page_not_found(request, exception=None):
    if not is_api(request):
        return defaults.page_not_found(request, exception)
    return problem_response(404)


def server_error(request):
    # Called inside Django's `except` block: the exception being handled is still current.
    if connection_lost(sys.exc_info()[1]):
        return database_unavailable(request)
    if not is_api(request):
        return defaults.server_error(request)
    return problem_response(500, _("Something went wrong on our side. Please try again."))
