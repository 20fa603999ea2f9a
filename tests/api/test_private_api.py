"""The staff API (/api/v1/private/pins/): who may read and handle which pin, by role and
district, through DRF's test client. Expected answers follow the issue's rules worked out
here from raw columns — public pins for every staff member, the non-public pins of one's
own districts, confidential signals only for the buurtteam, administrators every
non-confidential pin — never through the querysets under test.

Not visible: 404 (as if it did not exist). Visible but not handled (a public pin of
another district): 403 for writes. No staff role: 403 everywhere.
"""

from __future__ import annotations

import json
import math

import pytest
from django.db import connection
from rest_framework.test import APIClient

from maps.models import Area
from maps.partners.models import Partner
from participatie.pins import services
from tests.participatie.accounts.factories import api_key_for
from tests.participatie.accounts.otp import login_staff
from tests.participatie.factories import (
    AdminFactory,
    BuurtteamFactory,
    DesignerFactory,
    StaffFactory,
    UserFactory,
    pin_create,
    point_in,
    sensitive_category,
)
from tests.problems import field_errors

pytestmark = pytest.mark.django_db

LARIKS, PITTELO = "WK010601", "WK010604"
LIST = "/api/v1/private/pins/"
SORTS = ("public", "hidden", "signal")


def detail(pk):
    return f"{LIST}{pk}/"


# --- the scene ----------------------------------------------------------------------------


@pytest.fixture
def author(db):
    return UserFactory(
        username="melder-jansen", email="jansen@voorbeeld.nl", display_name="Els Jansen"
    )


@pytest.fixture
def scene(author):
    admin = AdminFactory()
    pins = {}
    for district in (LARIKS, PITTELO):
        code = Area.objects.filter(parent__code=district).order_by("code").first().code
        spot = point_in(code)
        pins[district, "public"] = pin_create(author, title=f"Stoep {district}", geom=spot)
        hidden = pin_create(author, title=f"Verborgen {district}", geom=spot)
        pins[district, "hidden"] = services.pin_hide(pin=hidden, by=admin, reason="Dubbel")
        pins[district, "signal"] = pin_create(
            author, category=sensitive_category(), title=f"Eenzaam {district}", geom=spot
        )
    return pins


ROLES = {
    "wijkteam Lariks": lambda: StaffFactory(districts=[LARIKS]),
    "buurtteam Lariks": lambda: BuurtteamFactory(districts=[LARIKS]),
    "wijkteam Pittelo": lambda: StaffFactory(districts=[PITTELO]),
    "administrator": AdminFactory,
}
OUTSIDERS = {"resident": UserFactory, "designer": DesignerFactory}


def raw(pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.is_public AND NOT c.is_sensitive AND NOT p.is_hidden
                       AND p.status <> 'withdrawn',
                   c.is_sensitive, d.code
            FROM pins_pin p JOIN pins_category c ON c.id = p.category_id
            LEFT JOIN maps_area d ON d.id = p.district_id WHERE p.id = %s
            """,
            [pk],
        )
        public, sensitive, district = cursor.fetchone()
    return {"public": public, "sensitive": sensitive, "district": district}


def handles(user, pin) -> bool:
    row = raw(pin.pk)
    if user.role == "admin":
        return not row["sensitive"]
    mine = row["district"] in set(user.districts.values_list("code", flat=True))
    return mine and (not row["sensitive"] or user.role == "buurtteam")


def sees(user, pin) -> bool:
    return raw(pin.pk)["public"] or handles(user, pin)


def api_as(user) -> APIClient:
    return login_staff(APIClient(), user)


def listed_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return {feature["id"] for feature in json.loads(response.content)["features"]}


# --- the matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_and_opens_exactly_the_pins_it_may_see(scene, role):
    user = ROLES[role]()
    client = api_as(user)
    listed = listed_ids(client.get(LIST, {"limit": 10000}))
    for (district, sort), pin in scene.items():
        expected = sees(user, pin)
        assert (pin.pk in listed) is expected, (role, district, sort)
        response = client.get(detail(pin.pk))
        assert response.status_code == (200 if expected else 404), (role, district, sort)
        if expected:
            body = response.json()
            assert body["properties"]["handled_by_me"] is handles(user, pin)
            # History and internal notes only for those who handle the pin.
            assert (body["properties"]["history"] is None) is not handles(user, pin)
            assert (body["properties"]["notes"] is None) is not handles(user, pin)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["assign", "status", "notes"])
def test_each_role_handles_exactly_the_pins_of_its_districts(scene, role, action):
    user = ROLES[role]()
    client = api_as(user)
    actium = Partner.objects.get(slug="actium")
    bodies = {
        "assign": {"partner": actium.slug},
        "status": {"status": "acknowledged", "reply": "We kijken ernaar."},
        "notes": {"body": "Even nabellen."},
    }
    for (district, sort), pin in scene.items():
        response = client.post(f"{detail(pin.pk)}{action}/", bodies[action], format="json")
        if not sees(user, pin):
            expected = 404
        elif not handles(user, pin):
            expected = 403
        else:
            expected = 201 if action == "notes" else 200
        assert response.status_code == expected, (role, district, sort, response.content)


@pytest.mark.parametrize("make", OUTSIDERS.values(), ids=OUTSIDERS)
def test_no_staff_role_no_staff_api(scene, make):
    client = login_staff(APIClient(), make())
    pin = scene[LARIKS, "public"]
    assert client.get(LIST).status_code == 403
    assert client.get(detail(pin.pk)).status_code == 403
    response = client.post(f"{detail(pin.pk)}notes/", {"body": "x"}, format="json")
    assert response.status_code == 403


def test_someone_not_signed_in_is_refused(scene):
    client = APIClient()
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(detail(scene[LARIKS, "public"].pk)).status_code in (401, 403)


# --- filters ------------------------------------------------------------------------------


def test_the_list_takes_the_workspace_filters(scene):
    user = StaffFactory(districts=[LARIKS])
    lariks = Area.objects.get(code=LARIKS)
    listed = listed_ids(api_as(user).get(LIST, {"area": LARIKS, "limit": 10000}))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id FROM pins_pin p WHERE ST_Intersects(p.geom, %s::geometry)",
            [lariks.geom.ewkt],
        )
        inside = {row[0] for row in cursor.fetchall()}
    from participatie.pins.models import Pin

    expected = {pk for pk in inside if sees(user, Pin(pk=pk))}
    assert scene[LARIKS, "hidden"].pk in expected
    assert listed == expected


@pytest.mark.parametrize(
    "query, field",
    [
        ({"polygon": "6.55,52.99;6.58,53.0;6.58,52.99;6.55,53.01"}, "polygon"),
        ({"area": "WK999999"}, "area"),
        ({"limit": "0"}, "limit"),
        ({"status": "lost"}, "status"),
        ({"category": "eenzaamheid"}, "category"),  # not a choice for the wijkteam
        ({"assignee": "someone"}, "assignee"),
    ],
)
def test_a_bad_filter_is_a_400_with_the_field(query, field):
    response = api_as(StaffFactory(districts=[LARIKS])).get(LIST, query)
    assert response.status_code == 400
    assert field in field_errors(response)


SQUARE = "6.55,52.99;6.56,52.99;6.56,53.0;6.55,53.0"


@pytest.mark.parametrize(
    "polygon, key, params",
    [
        ("6.55,52.99;zes,53.0;6.56,53.0", "invalid", {}),
        ("6.55,52.99;6.56,53.0", "invalid", {}),  # two corners
        ("6.55,52.99;6.56,53.0;6.55,52.99", "invalid", {}),  # two corners, the ring closed
        ("6.55,52.99;6.56,52.99;6.57,52.99", "invalid", {}),  # three corners on one line
        ("6.55,52.99;6.56;6.56,53.0", "invalid", {}),  # a corner without its latitude
        (";".join(f"{6.5 + i / 10000},{53 + (i % 2) / 1000}" for i in range(501)), "too_many",
         {"max": 500}),
        ("6.55,52.99;6.56,52.99;6.56,93.0", "range", {}),
        ("6.55,52.99;6.56,52.99;6.56,90.5", "range", {}),
        ("-180.5,52.99;6.56,52.99;6.56,53.0", "range", {}),
        ("6.55,52.99;180.5,52.99;6.56,53.0", "range", {}),
        ("6.55,-90.5;6.56,52.99;6.56,53.0", "range", {}),
        ("6.55,52.99;6.58,53.0;6.58,52.99;6.55,53.01", "self_intersecting", {}),
        # Closing the ring joins the last corner to the first, whichever corner repeats.
        ("6.55,52.99;6.56,52.99;6.56,53.0;6.56,52.99", "invalid", {}),
        ("6.55,52.99;6.56,52.99;6.55,52.99;6.56,53.0", "invalid", {}),
    ],
    ids=["not a number", "two corners", "two corners closed", "in a line", "half a corner",
         "501 corners", "latitude 93", "latitude 90.5",
         "longitude -180.5", "longitude 180.5", "latitude -90.5", "crossing",
         "second corner last again", "first corner in the middle"],
)  # fmt: skip
def test_a_drawn_polygon_that_cannot_be_used_is_refused_with_what_is_wrong(polygon, key, params):
    from django.utils import translation

    from maps.filters import PolygonField

    response = api_as(StaffFactory(districts=[LARIKS])).get(LIST, {"polygon": polygon})

    assert response.status_code == 400
    with translation.override("nl"):
        expected = str(PolygonField.default_error_messages[key]) % params
    assert field_errors(response)["polygon"] == [expected]


def _circle(corners: int) -> str:
    """A drawn area round Assen with this many corners."""
    return ";".join(
        f"{6.56 + 0.02 * math.cos(2 * math.pi * i / corners):.6f},"
        f"{53.0 + 0.02 * math.sin(2 * math.pi * i / corners):.6f}"
        for i in range(corners)
    )


@pytest.mark.parametrize(
    "polygon",
    [
        SQUARE,
        "6.55,52.99;6.56,52.99;6.56,53.0",
        _circle(500),
        "-180,-90;180,-90;180,90;-180,90",
        "6.55,52.99;6.55,52.99;6.56,52.99;6.56,53.0",
    ],
    ids=[
        "square",
        "triangle",
        "500 corners",
        "corners on the edges of the world",
        "the first corner twice",
    ],  # fmt: skip
)
def test_a_usable_drawn_polygon_is_accepted(polygon):
    response = api_as(StaffFactory(districts=[LARIKS])).get(LIST, {"polygon": polygon})
    assert response.status_code == 200


# --- handling through the API -------------------------------------------------------------


def test_assign_answer_and_note_show_in_the_history_without_the_author(
    scene, author, mailoutbox, django_capture_on_commit_callbacks
):
    member = StaffFactory(districts=[LARIKS], display_name="Wim Wijkteam")
    colleague = StaffFactory(districts=[LARIKS], display_name="Cora Collega")
    pin = scene[LARIKS, "public"]
    client = api_as(member)

    response = client.post(
        f"{detail(pin.pk)}assign/", {"partner": "actium", "assignee": colleague.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["properties"]["partner"] == "actium"
    assert response.json()["properties"]["assignee"] == colleague.pk

    with django_capture_on_commit_callbacks(execute=True):  # the mail goes after commit
        response = client.post(
            f"{detail(pin.pk)}status/",
            {"status": "planned", "reply": "Volgende week."},
            format="json",
        )
    assert response.status_code == 200
    assert response.json()["properties"]["status"] == "planned"
    assert response.json()["properties"]["responded_at"] is not None
    assert [m.to for m in mailoutbox if "Volgende week." in m.body] == [[author.email]]

    response = client.post(f"{detail(pin.pk)}notes/", {"body": "Bewoner nabellen."}, format="json")
    assert response.status_code == 201
    assert response.json()["author"] == "Wim Wijkteam"

    body = client.get(detail(pin.pk)).json()
    history = body["properties"]["history"]
    assert [e["kind"] for e in history] == ["created", "routed", "assigned", "status", "note"]
    assert history[2]["actor"] == "Wim Wijkteam"
    assert [n["body"] for n in body["properties"]["notes"]] == ["Bewoner nabellen."]
    text = json.dumps(body)
    for trace in ("jansen", "Jansen", "melder", "voorbeeld.nl"):
        assert trace not in text
    assert history[0]["actor"] in ("Bewoner", "Resident")


@pytest.mark.parametrize(
    "action, payload, field",
    [
        ("status", {"status": "declined"}, "reply"),
        ("status", {"status": "withdrawn"}, "status"),
        ("status", {"status": "new", "reply": ""}, "reply"),  # same status, no answer
        ("assign", {}, "non_field_errors"),
        ("assign", {"partner": "nobody"}, "partner"),
        ("notes", {"body": ""}, "body"),
    ],
)
def test_a_wrong_value_is_a_400_with_the_field(scene, action, payload, field):
    client = api_as(StaffFactory(districts=[LARIKS]))
    response = client.post(f"{detail(scene[LARIKS, 'public'].pk)}{action}/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in field_errors(response)


def test_a_person_outside_the_district_cannot_be_assigned(scene):
    outsider = StaffFactory(districts=[PITTELO])
    client = api_as(StaffFactory(districts=[LARIKS]))
    response = client.post(
        f"{detail(scene[LARIKS, 'public'].pk)}assign/", {"assignee": outsider.pk}, format="json"
    )
    assert response.status_code == 400
    assert "assignee" in field_errors(response)


# --- tokens and two-factor log-in -----------------------------------------------------------


def test_a_token_opens_the_staff_api_only_without_two_factor_log_in(scene, settings):
    member = StaffFactory(districts=[LARIKS])
    key = api_key_for(member)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    settings.STAFF_TWO_FACTOR = True
    refused = client.get(LIST)
    assert refused.status_code == 403
    settings.STAFF_TWO_FACTOR = False
    assert scene[LARIKS, "hidden"].pk in listed_ids(client.get(LIST))


def test_a_session_without_the_code_is_refused(scene):
    client = APIClient()
    client.force_login(StaffFactory(districts=[LARIKS]))  # password only
    assert client.get(LIST).status_code == 403


def test_the_schema_tags_the_staff_api(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    private = {p: ops for p, ops in schema["paths"].items() if p.startswith("/api/v1/private/")}
    # The workspace's pins (5 paths) and the initiatives' review (5).
    assert len(private) == 10
    for operations in private.values():
        for operation in operations.values():
            assert operation["tags"] == ["staff"]
