"""The site's URLs and error handlers, plus views that fail the way a bug or a lost database
connection makes a view fail: tests/security/test_errors.py asks them for their 500 and 503
(`pytest.mark.urls`). Not part of the site."""

import psycopg
from django.db import OperationalError
from django.urls import path
from rest_framework.views import APIView

from participatie.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def bug(request):
    raise RuntimeError("a bug")


class ApiBug(APIView):
    def get(self, request):
        raise RuntimeError("a bug in an API view")


def connection_refused(request):
    # What psycopg raises when the server does not answer (no SQLSTATE), as Django wraps it.
    raise OperationalError("connection refused") from psycopg.OperationalError("connection refused")


def deadlock(request):
    # An error of a statement, not of the connection: a bug to look at, so a 500.
    raise OperationalError("deadlock detected") from psycopg.errors.DeadlockDetected(
        "deadlock detected"
    )


urlpatterns = [
    path("api/test/bug/", ApiBug.as_view()),
    path("api/test/django-bug/", bug),
    path("api/test/database/", connection_refused),
    path("api/test/deadlock/", deadlock),
    path("test/bug/", bug),
    path("test/database/", connection_refused),
    *urlpatterns,
]
