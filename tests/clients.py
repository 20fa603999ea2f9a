"""The clients tests talk to the site with, both taking the calls of a requests session
(`get(url, params=...)`, `post(url, json=..., data=..., files=...)`, `headers=`, default
`.headers`) and answering with `.status_code`, `.headers`, `.content`, `.text`, `.json()`.

`InProcess` is DRF's APIClient inside the test's rolled-back transaction: URL routing, the
middleware (sessions, CSRF, locale, two-factor), DRF and the views all take part, without a
server process or a flush of the database. Each request ends as a request in production
does, with its commit-time callbacks run (tile purges, mails), and CSRF is checked as for
a browser. `Session` is requests over real HTTP, for the few tests whose subject is the
HTTP path (the `http_path` marker).

The fixtures are in tests/conftest.py: `api` and `signed_in(user)` in-process, `http_api`
(gunicorn) and `http_signed_in(user)` (the live server) over HTTP.
"""

from __future__ import annotations

from json import dumps as json_dumps
from json import loads as json_loads
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import translation
from django.utils.crypto import get_random_string
from requests.structures import CaseInsensitiveDict
from rest_framework.test import APIClient

from tests.participatie.accounts.otp import login_staff

TEST_HOST = "testserver"  # the host name of Django's test client


class Answer:
    """An in-process response, read as a requests response is read."""

    def __init__(self, response):
        self.status_code = response.status_code
        self.headers = response.headers  # case-insensitive, as requests' are
        if response.streaming:  # files, e.g. a pin's photo
            # Read to the end, Django's test client closes the response itself, without
            # the request_finished signal that would close the test's database connection
            # (a second close here did: the next query of the test failed).
            self.content = b"".join(response.streaming_content)
        else:
            self.content = response.content
        self.encoding = response.charset or "utf-8"
        self.response = response  # Django's own, for .data or .wsgi_request when debugging

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding)

    def json(self):
        return json_loads(self.content)


def _path(url: str, params) -> str:
    """The path and query of `url` with `params` added, as requests adds them."""
    parts = urlsplit(url)
    # Absolute URLs the site built for itself (a photo's URL) point at the test client.
    assert parts.netloc in ("", TEST_HOST), f"{url} is not on this site"
    query = parts.query
    if params:
        if isinstance(params, dict):
            params = {k: v for k, v in params.items() if v is not None}
        extra = urlencode(params, doseq=True)
        query = f"{query}&{extra}" if query else extra
    return urlunsplit(("", "", parts.path, query, ""))


def _body(*, json, data, files, content_type):
    """The request body and its Content-Type, as requests encodes them."""
    if json is not None:
        return json_dumps(json, allow_nan=False), content_type or "application/json"
    if files:
        fields: dict[str, list] = {k: [v] for k, v in (data or {}).items()}
        uploads = files.items() if isinstance(files, dict) else files
        for name, (filename, content, *mime) in uploads:
            upload = SimpleUploadedFile(filename, content, *mime)
            fields.setdefault(name, []).append(upload)
        return encode_multipart(BOUNDARY, fields), MULTIPART_CONTENT
    if isinstance(data, dict):
        return urlencode(data, doseq=True), content_type or "application/x-www-form-urlencoded"
    if data:
        return data, content_type or "application/octet-stream"
    return "", None


class InProcess:
    """DRF's APIClient behind the calls of a requests session; see the module docstring."""

    def __init__(self, capture_on_commit):
        self.client = APIClient(enforce_csrf_checks=True)
        self.headers = CaseInsensitiveDict()
        self._capture_on_commit = capture_on_commit

    def request(self, method, url, *, params=None, json=None, data=None, files=None, headers=None):
        headers = CaseInsensitiveDict({**self.headers, **(headers or {})})
        body, content_type = _body(
            json=json, data=data, files=files, content_type=headers.pop("Content-Type", None)
        )
        # The locale middleware leaves the request's language active in this thread; a
        # request must not change the language of what the test itself renders.
        language = translation.get_language()
        try:
            with self._capture_on_commit(execute=True):
                response = self.client.generic(
                    method, _path(url, params), body, content_type, headers=dict(headers)
                )
        finally:
            translation.activate(language)
        return Answer(response)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def head(self, url, **kwargs):
        return self.request("HEAD", url, **kwargs)

    def options(self, url, **kwargs):
        return self.request("OPTIONS", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)

    def put(self, url, **kwargs):
        return self.request("PUT", url, **kwargs)

    def patch(self, url, **kwargs):
        return self.request("PATCH", url, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)


def signed_in_process(client: InProcess, user) -> InProcess:
    """Log `user` in on an in-process client the way a browser is (see `sign_in`)."""
    login_staff(client.client, user)  # staff: with the second factor
    csrf = get_random_string(32)
    client.client.cookies[settings.CSRF_COOKIE_NAME] = csrf
    client.headers["X-CSRFToken"] = csrf
    return client


class Session(requests.Session):
    """requests against a server at `base_url`, with paths for URLs."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base_url + url, *args, **kwargs)


def sign_in(session: requests.Session, user) -> requests.Session:
    """Log `user` in on a requests session the way a browser is: a session cookie, and the
    CSRF cookie echoed in the X-CSRFToken header (SessionAuthentication enforces CSRF)."""
    from django.test import Client as DjangoClient

    django_client = login_staff(DjangoClient(), user)  # staff: with the second factor
    session.cookies.set(
        settings.SESSION_COOKIE_NAME, django_client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    csrf = get_random_string(32)
    session.cookies.set(settings.CSRF_COOKIE_NAME, csrf)
    session.headers["X-CSRFToken"] = csrf
    return session
