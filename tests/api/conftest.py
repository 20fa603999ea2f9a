"""Signed-in HTTP clients for the write tests against the live server."""

import pytest
import requests
from django.conf import settings
from django.test import Client as DjangoClient
from django.utils.crypto import get_random_string

from tests.participatie.accounts.otp import login_staff


class Session(requests.Session):
    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base_url + url, *args, **kwargs)


def sign_in(session: requests.Session, user) -> requests.Session:
    """Log `user` in on a requests session the way a browser is: a session cookie, and the
    CSRF cookie echoed in the X-CSRFToken header (SessionAuthentication enforces CSRF)."""
    django_client = login_staff(DjangoClient(), user)  # staff: with the second factor
    session.cookies.set(
        settings.SESSION_COOKIE_NAME, django_client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    csrf = get_random_string(32)
    session.cookies.set(settings.CSRF_COOKIE_NAME, csrf)
    session.headers["X-CSRFToken"] = csrf
    return session


@pytest.fixture
def signed_in(live_server, assen_db):
    """signed_in(user) → a new HTTP session on the live server, logged in as `user`."""
    sessions = []

    def make(user) -> Session:
        session = sign_in(Session(live_server.url), user)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()
