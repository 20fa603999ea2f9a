"""Errors of the API and the tiles are RFC 9457 problem details (application/problem+json:
type, title, status, detail, and field messages under `errors`), whatever went wrong and
whatever the client asks for; pages keep their HTML error pages. In-process: URL routing,
the middleware, DRF and Django's error handlers all take part (production settings, DEBUG
off)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils.crypto import get_random_string

from tests.clients import InProcess
from tests.participatie.factories import UserFactory, point_in
from tests.problems import PROBLEM_JSON, field_errors, problem

pytestmark = pytest.mark.django_db
API = "/api/v1/public"
EN = {"Accept-Language": "en"}


@pytest.fixture
def client(api):
    api.headers.update(EN)
    return api


@pytest.mark.parametrize(
    "path",
    [
        f"{API}/areas/XX999999/",  # DRF: no such object
        f"{API}/no-such-list/",  # no such address under /api/ (Django's 404)
        "/api/v2/public/areas/",
        "/tiles/castles/1/0/0.pbf",  # no such tile layer
        "/tiles/castles.json",
    ],
)
def test_an_unknown_api_address_is_a_404_problem(client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = problem(response)
    assert body["title"] == "Not Found"
    assert "errors" not in body


def test_a_404_problem_is_json_also_for_a_browser_that_asks_for_html(client):
    response = client.get(f"{API}/areas/XX999999/", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert problem(response)["status"] == 404


def test_a_page_that_does_not_exist_stays_an_html_page(client):
    response = client.get("/bestaat-niet/", headers={"Accept-Language": "nl"})
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Pagina niet gevonden" in response.text


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", f"{API}/areas/", "GET"),  # a DRF view
        ("PUT", f"{API}/categories/", "GET"),
        ("OPTIONS", "/tiles/areas/1/0/0.pbf", "GET"),  # a plain Django view
        ("OPTIONS", "/tiles/areas.json", "GET"),
    ],
)
def test_a_method_the_address_does_not_take_is_a_405_problem_naming_the_allowed(
    client, method, path, allowed
):
    response = client.request(method, path)
    assert response.status_code == 405
    problem(response)
    assert allowed in response.headers["Allow"]


def test_field_errors_are_under_errors_never_next_to_the_members(signed_in):
    # A pin has a field called `title`, as a problem has a member called `title`.
    resident = signed_in(UserFactory())
    spot = point_in()
    response = resident.post(
        f"{API}/pins/",
        json={
            "kind": "complaint",
            "category": "straat-en-stoep",
            "title": "",
            "description": "Bij de ingang.",
            "location": {"type": "Point", "coordinates": [spot.x, spot.y]},
        },
        headers=EN,
    )
    assert response.status_code == 400
    body = problem(response)
    assert body["title"] == "Bad Request"
    assert body["detail"] == "Some fields are not valid; see errors."
    assert body["errors"] == {"title": ["This field may not be blank."]}
    assert set(body) == {"type", "title", "status", "detail", "errors"}


def test_a_bad_filter_is_a_400_problem_naming_the_field(client):
    response = client.get(f"{API}/playgrounds/", params={"bbox": "a,b,c,d"})
    assert response.status_code == 400
    assert list(field_errors(response)) == ["bbox"]


def test_a_bad_tile_address_or_filter_is_a_400_problem_naming_it(client):
    zoom = client.get("/tiles/playgrounds/23/0/0.pbf")
    assert zoom.status_code == 400
    assert field_errors(zoom) == {"z": ["zoom must be 0–22"]}
    kind = client.get("/tiles/planned-works/10/530/333.pbf", params={"kind": "castle"})
    assert kind.status_code == 400
    assert list(field_errors(kind)) == ["kind"]


def test_a_message_about_the_whole_request_is_the_detail_too(client):
    user = UserFactory()
    response = client.post(
        f"{API}/auth/token/", json={"email": user.email, "password": "not the password"}
    )
    assert response.status_code == 400
    body = problem(response)
    message = "Unable to log in with the provided credentials."
    assert body["errors"] == {"non_field_errors": [message]}
    assert body["detail"] == message


def test_unreadable_json_is_a_400_problem(client):
    response = client.post(
        f"{API}/auth/token/", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "JSON parse error" in problem(response)["detail"]


def test_a_body_over_the_limit_is_a_413_problem(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576
    big = [("photo", ("a.txt", b"x" * 1_100_000, "text/plain"))]
    response = client.post(f"{API}/auth/token/", data={"email": "a@example.org"}, files=big)
    assert response.status_code == 413
    assert problem(response)["detail"] == "The request is too large: at most 1.0 MB."


def test_an_anonymous_write_is_a_401_problem_saying_why(client):
    response = client.post(f"{API}/pins/", json={})
    assert response.status_code == 401
    assert problem(response)["detail"] == "Authentication credentials were not provided."
    assert response.headers["WWW-Authenticate"].startswith("Token")


def test_a_post_without_its_csrf_token_is_a_403_problem_outside_drf_too(client):
    # The tiles are plain Django views: Django's CSRF check answers before them.
    response = client.post("/tiles/areas/1/0/0.pbf")
    assert response.status_code == 403
    assert problem(response)["detail"] == "CSRF verification failed: CSRF cookie not set."


def test_a_staff_member_without_the_second_step_gets_a_403_problem_from_the_api():
    from django.test import Client

    from tests.participatie.factories import StaffFactory

    staff = StaffFactory(password="een lang wachtwoord 42")
    browser = Client()
    browser.force_login(staff)  # the password step only
    response = browser.get(f"{API}/areas/", headers=EN)
    assert response.status_code == 403
    assert "authenticator" in problem(response)["detail"]


def test_too_many_requests_is_a_429_problem_with_retry_after(
    monkeypatch, django_capture_on_commit_callbacks
):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    client = InProcess(django_capture_on_commit_callbacks)
    # An address of its own: no count of another test's requests in the shared cache.
    address = f"192.0.2.{get_random_string(2, '123456789')}"
    client.client.defaults["REMOTE_ADDR"] = address
    cache.delete(f"throttle_anon_{address}")
    statuses = [client.get(f"{API}/categories/", headers=EN).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = client.get(f"{API}/categories/", headers=EN)
    assert response.status_code == 429
    assert problem(response)["detail"].startswith("Request was throttled.")
    assert 0 < int(response.headers["Retry-After"]) <= 60
    cache.delete(f"throttle_anon_{address}")


@pytest.fixture
def failing(api):
    """The site with views that fail (tests/security/urls.py), answering as production does
    instead of raising the exception into the test."""
    api.client.raise_request_exception = False
    api.headers.update(EN)
    return api


@pytest.mark.urls("tests.security.urls")
@pytest.mark.parametrize("path", ["/api/test/bug/", "/api/test/django-bug/", "/api/test/deadlock/"])
def test_a_bug_behind_the_api_is_a_500_problem_that_tells_nothing_of_it(failing, path):
    response = failing.get(path)
    assert response.status_code == 500
    body = problem(response)
    assert body["detail"] == "Something went wrong on our side. Please try again."
    assert "bug" not in response.text and "deadlock" not in response.text
    assert "Retry-After" not in response.headers


@pytest.mark.urls("tests.security.urls")
def test_a_bug_behind_a_page_is_the_html_error_page(failing):
    response = failing.get("/test/bug/", headers={"Accept-Language": "nl"})
    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Er ging iets mis" in response.text


@pytest.mark.urls("tests.security.urls")
def test_a_lost_database_connection_is_a_503_problem_with_retry_after(failing):
    response = failing.get("/api/test/database/")
    assert response.status_code == 503
    assert problem(response)["title"] == "Service Unavailable"
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.urls("tests.security.urls")
def test_a_lost_database_connection_behind_a_page_is_a_short_dutch_503_page(failing):
    response = failing.get("/test/database/", headers={"Accept-Language": "nl"})
    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("text/html")
    assert int(response.headers["Retry-After"]) > 0
    assert "Tijdelijk niet beschikbaar" in response.text
    assert PROBLEM_JSON not in response.headers["Content-Type"]


def test_the_schema_documents_every_error_response_as_problem_details(client):
    schema = client.get("/api/schema/", params={"format": "json"}).json()
    component = schema["components"]["schemas"]["ProblemDetails"]
    assert set(component["required"]) == {"type", "title", "status", "detail"}
    assert "errors" in component["properties"]
    errors_seen = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = operation["responses"]
            assert {"500", "503"} <= set(codes), (path, method)
            for code, response in codes.items():
                if code.startswith(("4", "5")):
                    errors_seen += 1
                    assert response["content"] == {
                        PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
                    }, (path, method, code)
    assert errors_seen > 2 * len(schema["paths"])
    pins = schema["paths"][f"{API}/pins/"]["post"]["responses"]
    assert {"400", "403", "413", "429"} <= set(pins)
    assert "Retry-After" in pins["429"]["headers"]
