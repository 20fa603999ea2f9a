"""What the OpenAPI schema promises about inputs, the API holds to: a yes/no filter takes
true, false (or `on`, as a checkbox sends it) or nothing, and refuses anything else instead
of quietly not filtering; text fields take text, not a JSON number; an empty filter value
means no filter. Found by schemathesis (tests/api/test_schemathesis.py)."""

import pytest

from maps.models import Area
from tests.participatie.factories import UserFactory, pin_create

pytestmark = pytest.mark.django_db
BASE = "/api/v1/public"


def errors_of(response) -> dict:
    body = response.json()
    return body.get("errors", body)  # field messages, in the problem details or not


def ref(pin) -> str:
    """How the API addresses a pin (its public id where it has one)."""
    return str(getattr(pin, "public_id", pin.pk))


def codes(response) -> set[str]:
    return {f["id"] for f in response.json()["features"]}


def test_a_yes_no_filter_refuses_what_is_not_yes_or_no(api):
    for wrong in ("null", "1", "True", "ja"):
        response = api.get(f"{BASE}/areas/", params={"is_priority": wrong})
        assert response.status_code == 400, wrong
        assert "is_priority" in errors_of(response)
        response = api.get(f"{BASE}/pins/", params={"hide_closed": wrong})
        assert response.status_code == 400, wrong
        assert "hide_closed" in errors_of(response)


def test_a_yes_no_filter_filters_with_true_and_false_and_not_when_empty(api):
    priority = set(
        Area.objects.filter(level=Area.Level.DISTRICT, is_priority=True).values_list(
            "code", flat=True
        )
    )
    assert priority  # the reference data has priority districts
    every = codes(api.get(f"{BASE}/areas/", params={"level": "district"}))
    yes = codes(api.get(f"{BASE}/areas/", params={"level": "district", "is_priority": "true"}))
    no = codes(api.get(f"{BASE}/areas/", params={"level": "district", "is_priority": "false"}))
    empty = codes(api.get(f"{BASE}/areas/", params={"level": "district", "is_priority": ""}))
    assert yes == priority
    assert no == every - priority
    assert empty == every


def test_empty_filter_values_are_no_filter(api):
    every = codes(api.get(f"{BASE}/playgrounds/"))
    assert every
    assert codes(api.get(f"{BASE}/playgrounds/", params={"age_group": ""})) == every
    works = codes(api.get(f"{BASE}/planned-works/"))
    assert codes(api.get(f"{BASE}/planned-works/", params={"start": "", "kind": ""})) == works
    # An empty value next to a real choice is no choice: the real one filters.
    sewer = codes(api.get(f"{BASE}/planned-works/", params={"kind": "sewer"}))
    assert sewer and sewer < works
    assert codes(api.get(f"{BASE}/planned-works/", params={"kind": ["", "sewer"]})) == sewer
    pins = api.get(f"{BASE}/pins/", params={"kind": ""})
    assert pins.status_code == 200


def test_text_fields_take_text_only(signed_in):
    resident = UserFactory()
    pin = pin_create(UserFactory())
    client = signed_in(resident)
    refused = client.post(f"{BASE}/pins/{ref(pin)}/comments/", json={"body": 0})
    assert refused.status_code == 400
    assert "body" in errors_of(refused)
    report = client.post(
        f"{BASE}/pins/{ref(pin)}/report/", json={"reason": "spam", "explanation": 12}
    )
    assert report.status_code == 400
    assert "explanation" in errors_of(report)
    accepted = client.post(f"{BASE}/pins/{ref(pin)}/comments/", json={"body": "0"})
    assert accepted.status_code == 201, accepted.content


def test_taking_support_back_answers_the_new_state_as_documented(signed_in, api):
    pin = pin_create(UserFactory())
    client = signed_in(UserFactory())
    assert client.post(f"{BASE}/pins/{ref(pin)}/support/").status_code == 200
    response = client.delete(f"{BASE}/pins/{ref(pin)}/support/")
    assert response.status_code == 200
    assert response.json()["supported"] is False
    documented = api.get("/api/schema/", params={"format": "json"}).json()
    (path,) = [p for p in documented["paths"] if p.endswith("/support/")]
    support = documented["paths"][path]["delete"]
    assert "200" in support["responses"] and "204" not in support["responses"]
