"""Behind a TLS proxy: Secure cookies, the scheme from X-Forwarded-Proto, trusted origins.

The requests come from 127.0.0.2, a proxy on another host as far as the server can tell:
gunicorn itself already believes X-Forwarded-Proto from 127.0.0.1 (its
forwarded_allow_ips), so only from elsewhere does BEHIND_TLS_PROXY make the difference.
"""

import re
from http.cookies import SimpleCookie

import pytest
import requests
from requests.adapters import HTTPAdapter

pytestmark = pytest.mark.django_db

HOST = "mijnbuurt.example.org"
TRUSTED = "https://kaart.example.org"
THROUGH_PROXY = {"Host": HOST, "X-Forwarded-Proto": "https"}


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def proxy_session() -> requests.Session:
    """Requests as a proxy at 127.0.0.2 sends them. Cookies by hand: a Secure cookie is
    not sent back over the plain HTTP between proxy and server by a cookie jar."""
    session = requests.Session()
    session.mount("http://", _FromAddress("127.0.0.2"))
    return session


def set_cookies(response) -> SimpleCookie:
    jar = SimpleCookie()
    for header in response.raw.headers.getlist("Set-Cookie"):
        jar.load(header)
    return jar


def form_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def link_scheme(session, server, headers) -> str:
    """The scheme of the links the site builds for this request (request.is_secure())."""
    tilejson = session.get(server.url + "/tiles/centres.json", headers=headers, timeout=30)
    assert tilejson.status_code == 200
    return tilejson.json()["tiles"][0].split("://")[0]


def test_behind_a_tls_proxy_cookies_are_secure_and_only_trusted_origins_may_post(
    start_server, people
):
    server = start_server(
        SECURE_COOKIES="true",
        BEHIND_TLS_PROXY="true",
        CSRF_TRUSTED_ORIGINS=TRUSTED,
        ALLOWED_HOSTS=HOST,
    )
    proxy = proxy_session()
    assert link_scheme(proxy, server, THROUGH_PROXY) == "https"
    # Plain HTTP (no X-Forwarded-Proto) is sent to HTTPS (SECURE_SSL_REDIRECT).
    plain = proxy.get(
        server.url + "/tiles/centres.json",
        headers={"Host": HOST},
        allow_redirects=False,
        timeout=30,
    )
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"https://{HOST}/tiles/centres.json"

    login_page = proxy.get(server.url + "/account/inloggen/", headers=THROUGH_PROXY, timeout=30)
    assert login_page.status_code == 200
    csrf = set_cookies(login_page)["csrftoken"]
    assert csrf["secure"]
    token = form_token(login_page.text)

    def post(path, origin, data):
        headers = THROUGH_PROXY | {"Origin": origin, "Cookie": f"csrftoken={csrf.value}"}
        data = {"csrfmiddlewaretoken": token, **data}
        return proxy.post(
            server.url + path, data=data, headers=headers, allow_redirects=False, timeout=30
        )

    logged_in = post(
        "/account/inloggen/",
        f"https://{HOST}",
        {"email": people.resident.email, "password": people.resident_password},
    )
    assert logged_in.status_code == 302, logged_in.text[:500]
    session = set_cookies(logged_in)["sessionid"]
    assert session["secure"] and session["httponly"]

    language = {"language": "en", "next": "/"}
    assert post("/i18n/setlang/", TRUSTED, language).status_code == 302
    assert post("/i18n/setlang/", f"https://{HOST}", language).status_code == 302
    assert post("/i18n/setlang/", "https://evil.example.net", language).status_code == 403
    # The page was served over HTTPS: the same host over plain HTTP is another origin.
    assert post("/i18n/setlang/", f"http://{HOST}", language).status_code == 403


def test_by_default_cookies_work_over_plain_http_and_a_remote_proto_header_is_ignored(
    production,
):
    """The default is a local installation on http://127.0.0.1."""
    proxy = proxy_session()
    assert link_scheme(proxy, production, {"X-Forwarded-Proto": "https"}) == "http"
    login_page = proxy.get(production.url + "/account/inloggen/", timeout=30)
    assert not set_cookies(login_page)["csrftoken"]["secure"]
