"""Posting pins through the API: bad input is always a 400 with a message, never a 500."""

import json

import pytest

from participatie.pins.models import Pin
from tests.participatie.accounts.factories import api_key_for
from tests.participatie.factories import UserFactory, point_in
from tests.problems import field_errors, problem

BASE = "/api/v1/public"
EN = {"Accept-Language": "en"}


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def client(signed_in, resident):
    session = signed_in(resident)
    session.headers.update(EN)
    return session


def body(**overrides) -> dict:
    spot = point_in()
    data = {
        "kind": "complaint",
        "category": "straat-en-stoep",
        "title": "Losliggende stoeptegels",
        "description": "Bij de ingang van het winkelcentrum.",
        "location": {"type": "Point", "coordinates": [spot.x, spot.y]},
    }
    data.update(overrides)
    return data


def public_ids(api_client) -> set[int]:
    response = api_client.get(f"{BASE}/pins/")
    assert response.status_code == 200
    return {f["id"] for f in response.json()["features"]}


def test_a_resident_pins_a_complaint_and_it_appears_on_the_public_map(client, api, resident):
    response = client.post(f"{BASE}/pins/", json=body())
    assert response.status_code == 201, response.text
    feature = response.json()
    props = feature["properties"]
    assert feature["geometry"]["type"] == "Point"
    assert (props["status"], props["is_mine"], props["is_private"]) == ("new", True, False)
    assert props["neighbourhood_code"].startswith("BU0106")
    assert [h["to_status"] for h in props["status_history"]] == ["new"]
    assert feature["id"] in public_ids(api)
    pin = Pin.objects.get(public_id=feature["id"])
    assert pin.author == resident
    assert resident.email not in response.text and resident.username not in response.text


def test_a_pin_outside_the_municipality_is_a_400_with_a_message(client):
    groningen = {"type": "Point", "coordinates": [6.5665, 53.2194]}
    response = client.post(f"{BASE}/pins/", json=body(location=groningen))
    assert response.status_code == 400
    assert field_errors(response)["location"] == [
        "This place lies outside the municipality of Assen."
    ]


def test_swapped_coordinates_get_a_hint(client):
    spot = point_in()
    swapped = {"type": "Point", "coordinates": [spot.y, spot.x]}
    response = client.post(f"{BASE}/pins/", json=body(location=swapped))
    assert response.status_code == 400
    assert field_errors(response)["location"] == [
        "Coordinates swapped? GeoJSON is [longitude, latitude]."
    ]


@pytest.mark.parametrize(
    "location",
    [
        None,
        "POINT(6.56 52.99)",
        {"coordinates": [6.56, 52.99]},
        {"type": "Polygon", "coordinates": [[[6.5, 52.9], [6.6, 52.9], [6.6, 53.0], [6.5, 52.9]]]},
        {"type": "Point", "coordinates": []},
        {"type": "Point"},
        {"type": "Point", "coordinates": [6.56]},
        {"type": "Point", "coordinates": ["6.56", "52.99"]},
        {"type": "Point", "coordinates": [True, False]},
        {"type": "Point", "coordinates": [[6.56, 52.99]]},
        {"type": "Point", "coordinates": [200, 52.99]},
        [6.56, 52.99],
    ],
    ids=[
        "null", "wkt-text", "no-type", "polygon", "empty", "no-coordinates", "one-number",
        "strings", "booleans", "nested", "out-of-range", "bare-array",
    ],
)  # fmt: skip
def test_unusable_locations_are_a_400_naming_the_location(client, location):
    response = client.post(f"{BASE}/pins/", json=body(location=location))
    assert response.status_code == 400, response.text
    assert "location" in field_errors(response)


def test_a_missing_location_is_a_400(client):
    data = body()
    del data["location"]
    response = client.post(f"{BASE}/pins/", json=data)
    assert response.status_code == 400
    assert "location" in field_errors(response)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_coordinates_are_a_400(client, number):
    # Python's json module reads all of these; GeoJSON and the API do not.
    raw = json.dumps(body(location="LOCATION")).replace(
        '"LOCATION"', f'{{"type": "Point", "coordinates": [{number}, 52.99]}}'
    )
    response = client.post(f"{BASE}/pins/", data=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert not Pin.objects.filter(is_demo=False).exists()


def test_a_huge_payload_is_a_413_not_a_crash(client):
    response = client.post(f"{BASE}/pins/", json=body(description="x" * 3_000_000))
    assert response.status_code == 413
    assert "too large" in problem(response)["detail"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "x" * 121), ("description", "x" * 5001), ("title", ""), ("title", "a\x00b")],
    ids=["long-title", "long-description", "empty-title", "null-character"],
)
def test_bad_text_is_a_400_naming_the_field(client, field, value):
    response = client.post(f"{BASE}/pins/", json=body(**{field: value}))
    assert response.status_code == 400
    # In `errors`: the problem's own `title` member is no message about the title field.
    assert field in field_errors(response)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "bestaat-niet"}, "category"),
        ({"kind": "klacht"}, "kind"),
        ({"kind": "idea", "category": "verlichting"}, "category"),  # complaints only
    ],
)
def test_unknown_or_unfitting_choices_are_a_400(client, overrides, field):
    response = client.post(f"{BASE}/pins/", json=body(**overrides))
    assert response.status_code == 400
    assert field in field_errors(response)


def test_html_in_text_comes_back_verbatim_as_json_text(client, api):
    script = "<script>alert('buurt')</script>"
    response = client.post(
        f"{BASE}/pins/",
        json=body(title=script, description=f"<img src=x onerror=alert(1)> & {script}"),
    )
    assert response.status_code == 201
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    pk = response.json()["id"]
    detail = api.get(f"{BASE}/pins/{pk}/")
    assert detail.json()["properties"]["title"] == script
    assert detail.json()["properties"]["description"].startswith("<img src=x onerror=alert(1)> &")
    listed = api.get(f"{BASE}/pins/")
    assert listed.headers["Content-Type"] == "application/geo+json"
    assert (
        next(f for f in listed.json()["features"] if f["id"] == pk)["properties"]["title"] == script
    )


def test_posting_needs_a_verified_account_and_a_csrf_token(signed_in, api):
    assert api.post(f"{BASE}/pins/", json=body()).status_code in (401, 403)
    unverified = signed_in(UserFactory(verified=False))
    assert unverified.post(f"{BASE}/pins/", json=body()).status_code == 403
    no_csrf = signed_in(UserFactory())
    del no_csrf.headers["X-CSRFToken"]
    response = no_csrf.post(f"{BASE}/pins/", json=body())
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert not Pin.objects.filter(is_demo=False).exists()


def test_api_clients_post_with_a_token_instead_of_a_session(api):

    key = api_key_for(UserFactory())
    response = api.post(f"{BASE}/pins/", json=body(), headers={"Authorization": f"Token {key}"})
    assert response.status_code == 201, response.text


def test_posting_is_rate_limited_per_account(client, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "pin_post", "2/hour")
    statuses = [client.post(f"{BASE}/pins/", json=body()).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    # Reading the map is not limited by the posting rate.
    assert client.get(f"{BASE}/pins/").status_code == 200
