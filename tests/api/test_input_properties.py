"""Whatever the public sends, the answer is a value or a 400 that names the field and says
what is wrong: never a server error. Hypothesis makes up the input (boxes, tile addresses,
dates, area codes, locations, similar-pin queries); the requests go through the Django test
client, so URL routing, middleware, DRF and the filters all take part.

Where the right answer is known from the documentation alone, it is asserted too: a box of
four ordered numbers in range, a real calendar date, a known area code and a tile address
inside the zoom range are always answered with a value.
"""

import datetime as dt
import json
import math
from urllib.parse import quote

import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from maps.models import Area
from participatie.pins.models import Pin
from tests.participatie.factories import UserFactory
from tests.problems import field_errors
from tests.ratelimits import unthrottled  # noqa: F401 (a fixture, used by name)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

# Modest: each property runs in seconds. No example database in the working tree.
examples = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

API = "/api/v1/public"
MVT = "application/vnd.mapbox-vector-tile"
LAYERS = ["pins", "areas", "playgrounds", "greenery", "planned-works", "centres"]
MAX_ZOOM = 22  # "/tiles/{layer}/{z}/{x}/{y}.pbf", zooms 0-22
AREA_CODES = ["GM0106", "WK010601", "WK010600", "BU01060000", "BU01060303"]


def answered_or_refused(response, field: str) -> int:
    """A value (200), or a 400 whose JSON names `field` with a message a person can read."""
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
    if response.status_code == 400:
        messages = field_errors(response).get(field)
        assert messages, response.json()
        assert all(isinstance(m, str) and m.strip() for m in messages), messages
    return response.status_code


# --- strategies ----------------------------------------------------------------------------

any_float = st.floats(allow_nan=True, allow_infinity=True)
number_text = st.one_of(
    any_float.map(repr),
    st.integers(-(10**400), 10**400).map(str),
    st.sampled_from(["", " ", "1e999", "-0", "0x10", "6,5", "NaN", "inf", "1_0", "٦"]),
    st.text(max_size=8),
)
# Anything: too few or too many numbers, junk, text with commas, separators of all sorts.
any_bbox = st.one_of(
    st.lists(number_text, max_size=6).map(",".join),
    st.text(max_size=40),
)


@st.composite
def good_bbox(draw) -> str:
    """Four numbers in range with min < max: always a valid box."""
    lons = sorted(draw(st.lists(st.floats(-180, 180), min_size=2, max_size=2, unique=True)))
    lats = sorted(draw(st.lists(st.floats(-90, 90), min_size=2, max_size=2, unique=True)))
    return ",".join(repr(n) for n in (lons[0], lats[0], lons[1], lats[1]))


any_date = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"\A-?\d{1,6}-\d{1,3}-\d{1,3}\Z"),
    st.datetimes().map(lambda d: d.isoformat()),
)
real_date = st.dates().map(dt.date.isoformat)
any_code = st.one_of(st.text(max_size=24), st.sampled_from(AREA_CODES).map(lambda c: c + "\x00"))


# --- boxes -----------------------------------------------------------------------------

BBOX_URLS = [
    f"{API}/pins/",
    f"{API}/playgrounds/",
    f"{API}/greenery/",
    f"{API}/planned-works/",
    f"{API}/centres/",
    f"{API}/areas/",
    "/tiles/pins/10/530/333.pbf",
    "/tiles/playgrounds/10/530/333.pbf",
]


def documented_box(text: str) -> bool:
    """The documented form: min_lon,min_lat,max_lon,max_lat, finite WGS84 degrees, min < max
    (or no box at all)."""
    if not text.strip():
        return True
    try:
        numbers = [float(part) for part in text.split(",")]
    except ValueError:
        return False
    if len(numbers) != 4 or not all(map(math.isfinite, numbers)):
        return False
    west, south, east, north = numbers
    return -180 <= west < east <= 180 and -90 <= south < north <= 90


@examples
@example(url=f"{API}/pins/", bbox="6.5,52.9,6.6,nan")
@example(url=f"{API}/pins/", bbox="6.6,53.0,6.5,52.9")
@given(url=st.sampled_from(BBOX_URLS), bbox=any_bbox)
def test_any_box_is_answered_if_documented_and_else_refused_with_a_message(client, url, bbox):
    status = answered_or_refused(client.get(url, {"bbox": bbox}), "bbox")
    assert status == (200 if documented_box(bbox) else 400)


@examples
@given(url=st.sampled_from(BBOX_URLS), bbox=good_bbox())
def test_a_box_of_four_ordered_numbers_in_range_is_always_answered(client, url, bbox):
    assert answered_or_refused(client.get(url, {"bbox": bbox}), "bbox") == 200


# --- tile addresses ----------------------------------------------------------------------

tile_number = st.one_of(st.integers(0, 24), st.integers(0, 2**70))


@examples
@given(layer=st.sampled_from(LAYERS), z=tile_number, x=tile_number, y=tile_number)
def test_any_tile_address_is_a_tile_or_a_400_that_says_why(client, layer, z, x, y):
    response = client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf")
    inside = z <= MAX_ZOOM and x < 2**z and y < 2**z
    if inside:
        assert response.status_code == 200
        assert response["Content-Type"] == MVT
    else:
        assert response.status_code == 400
        errors = field_errors(response)
        assert errors.get("z") or errors.get("xy"), errors


@examples
@given(layer=st.sampled_from(LAYERS), parts=st.lists(st.text(max_size=6), min_size=3, max_size=3))
def test_a_tile_address_that_is_no_number_is_not_found(client, layer, parts):
    path = "/".join(quote(part, safe="") for part in parts)
    response = client.get(f"/tiles/{layer}/{path}.pbf")
    numeric = all(part.isascii() and part.isdigit() for part in parts)
    if any("\x00" in part for part in parts):  # refused as a whole (participatie/guards/nul.py)
        assert response.status_code == 400
        return
    assert response.status_code in ((200, 400) if numeric else (404,)), response.status_code


# --- dates -------------------------------------------------------------------------------

DATE_FIELDS = [
    (f"{API}/pins/", "created_after"),
    (f"{API}/pins/", "created_before"),
    ("/tiles/pins/8/132/83.pbf", "created_after"),
    ("/tiles/pins/8/132/83.pbf", "created_before"),
    (f"{API}/planned-works/", "active_on"),
    (f"{API}/planned-works/", "start"),
    (f"{API}/planned-works/", "end"),
    ("/tiles/planned-works/12/2122/1335.pbf", "active_on"),
]


@examples
@given(target=st.sampled_from(DATE_FIELDS), value=any_date)
def test_any_date_is_answered_or_refused_with_a_message(client, target, value):
    url, field = target
    answered_or_refused(client.get(url, {field: value}), field)


@examples
@given(target=st.sampled_from(DATE_FIELDS), value=real_date)
@example(target=(f"{API}/pins/", "created_before"), value="9999-12-31")
@example(target=(f"{API}/pins/", "created_after"), value="0001-01-01")
@example(target=("/tiles/pins/8/132/83.pbf", "created_before"), value="9999-12-31")
@example(target=(f"{API}/planned-works/", "start"), value="9999-12-31")
@example(target=(f"{API}/planned-works/", "end"), value="0001-01-01")
def test_every_calendar_date_is_answered(client, target, value):
    """From 0001-01-01 to 9999-12-31: a period that starts or ends at the edge of the
    calendar is still a period."""
    url, field = target
    assert answered_or_refused(client.get(url, {field: value}), field) == 200


# --- area codes --------------------------------------------------------------------------

AREA_URLS = [
    f"{API}/pins/",
    f"{API}/playgrounds/",
    f"{API}/planned-works/",
    "/tiles/pins/8/132/83.pbf",
    "/tiles/centres/8/132/83.pbf",
]


@examples
@example(url=f"{API}/pins/", code="\x00")
@given(url=st.sampled_from(AREA_URLS), code=any_code)
def test_any_area_code_is_answered_or_refused_with_a_message(client, url, code):
    status = answered_or_refused(client.get(url, {"area": code}), "area")
    if code in AREA_CODES:
        assert status == 200


@settings(examples, max_examples=15)  # a whole page per example
@example(code="BU01060000\x00", kind="idea", status="new")
@given(code=any_code, kind=st.text(max_size=10), status=st.text(max_size=10))
def test_the_list_page_shows_a_page_whatever_the_filters(client, code, kind, status):
    response = client.get("/meldingen/", {"area": code, "kind": kind, "status": status})
    # A NUL anywhere in the address is refused as a whole (participatie/guards/nul.py).
    nul = any("\x00" in value for value in (code, kind, status))
    assert response.status_code == (400 if nul else 200)


@examples
@example(page=f"{API}/areas/", code="GM0106\x00")
@given(page=st.sampled_from([f"{API}/areas/", "/gebieden/"]), code=any_code)
def test_any_area_page_is_shown_or_not_found(client, page, code):
    response = client.get(page + quote(code, safe="") + "/")
    if "\x00" in code:  # refused as a whole, with a message (participatie/guards/nul.py)
        assert response.status_code == 400
        assert "NUL" in response.text
        return
    assert response.status_code in (200, 404, 301), response.status_code
    if code in AREA_CODES:
        assert response.status_code == 200


# --- categories --------------------------------------------------------------------------

CATEGORY_URLS = [f"{API}/pins/", "/tiles/pins/8/132/83.pbf"]
any_slug = st.one_of(
    st.sampled_from(["spelen", "eenzaamheid", "bestaat-niet"]),
    st.text(max_size=16),
)


@examples
@example(url=f"{API}/pins/", slugs=["spelen\x00"])
@given(url=st.sampled_from(CATEGORY_URLS), slugs=st.lists(any_slug, min_size=1, max_size=3))
def test_any_category_is_answered_or_refused_with_a_message(client, url, slugs):
    status = answered_or_refused(client.get(url, {"category": slugs}), "category")
    if set(slugs) == {"spelen"}:
        assert status == 200


@examples
@example(slug="spelen\x00", kind="idea")
@given(slug=any_slug, kind=st.text(max_size=12))
def test_any_category_and_kind_posted_is_a_pin_or_a_400_about_them(client, slug, kind):
    client.force_login(UserFactory())
    location = {"type": "Point", "coordinates": [6.5625, 52.9928]}
    body = {**pin_body(location), "category": slug, "kind": kind}
    response = client.post(f"{API}/pins/", body, content_type="application/json")
    assert response.status_code in (201, 400), (response.status_code, response.content[:300])
    if response.status_code == 400:
        assert set(field_errors(response)) <= {"category", "kind"}


# --- locations ---------------------------------------------------------------------------

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),  # JSON has neither
    st.text(max_size=8),
)
any_json = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
coordinate = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(6.45, 6.65),  # around Assen
    st.floats(52.9, 53.1),
    any_json,
)
position = st.lists(coordinate, min_size=0, max_size=4)
ring = st.lists(position, min_size=0, max_size=6)
any_location = st.one_of(
    st.fixed_dictionaries({"type": st.just("Point"), "coordinates": position}),
    st.fixed_dictionaries(
        {"type": st.sampled_from(["Polygon", "LineString", "MultiPoint"]), "coordinates": ring}
    ),
    st.fixed_dictionaries({"type": st.just("Polygon"), "coordinates": st.lists(ring, max_size=2)}),
    any_json,
    st.text(max_size=40),  # a multipart form sends the location as JSON text
)


def pin_body(location) -> dict:
    return {"kind": "idea", "category": "spelen", "title": "Speeltoestel", "location": location}


@examples
@given(location=any_location)
def test_any_location_is_a_new_pin_or_a_400_about_the_location(client, location):
    client.force_login(UserFactory())
    response = client.post(f"{API}/pins/", pin_body(location), content_type="application/json")
    assert response.status_code in (201, 400), (response.status_code, response.content[:300])
    if response.status_code == 400:
        messages = field_errors(response).get("location")
        assert messages and all(isinstance(m, str) and m.strip() for m in messages)


@pytest.fixture
def outline():
    """The municipality's raw outline, for deciding in Python what lies inside."""
    geom = Area.objects.filter(level="municipality").values_list("geom", flat=True).get()
    return shapely.from_wkt(geom.wkt)


@examples
@given(lon=st.floats(6.40, 6.70), lat=st.floats(52.90, 53.10))
def test_a_point_around_the_town_is_taken_if_inside_and_stored_where_given(
    client, outline, lon, lat
):
    client.force_login(UserFactory())
    location = {"type": "Point", "coordinates": [lon, lat]}
    response = client.post(f"{API}/pins/", pin_body(location), content_type="application/json")
    if outline.covers(shapely.Point(lon, lat)):
        assert response.status_code == 201, response.content
        stored = Pin.objects.values_list("geom", flat=True).get(public_id=response.json()["id"])
        assert (stored.x, stored.y) == (lon, lat)
        shown = response.json()["geometry"]["coordinates"]
        assert math.isclose(shown[0], lon, abs_tol=1e-9) and math.isclose(
            shown[1], lat, abs_tol=1e-9
        )
    else:
        assert response.status_code == 400
        assert field_errors(response)["location"] == ["Deze plek ligt buiten de gemeente Assen."]


@examples
@given(lon=st.floats(allow_nan=True, allow_infinity=True), lat=st.floats(allow_infinity=True))
def test_numbers_that_are_no_place_on_earth_are_refused_with_a_message(client, lon, lat):
    client.force_login(UserFactory())
    text = json.dumps({"type": "Point", "coordinates": [lon, lat]})  # NaN, Infinity as text
    response = client.post(
        f"{API}/pins/", {**pin_body(None), "location": text}, content_type="application/json"
    )
    on_earth = all(map(math.isfinite, (lon, lat))) and abs(lon) <= 180 and abs(lat) <= 90
    assert response.status_code in ((201, 400) if on_earth else (400,)), response.content
    if response.status_code == 400:
        assert field_errors(response)["location"]


# --- similar pins and the place look-up ----------------------------------------------------


@examples
@example(category="spelen\x00", lon="6.56", lat="52.99", metres="75")
@given(
    category=st.one_of(st.sampled_from(["spelen", "eenzaamheid"]), st.text(max_size=12)),
    lon=number_text,
    lat=number_text,
    metres=number_text,
)
def test_any_similar_pins_query_is_answered_or_refused(client, category, lon, lat, metres):
    query = {"category": category, "lon": lon, "lat": lat, "metres": metres}
    response = client.get(f"{API}/pins/similar/", query)
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
    if response.status_code == 400:
        assert field_errors(response), "a 400 without a message"


@examples
@given(lon=number_text, lat=number_text)
def test_any_spot_asked_of_the_place_look_up_is_answered_or_refused(client, lon, lat):
    # As the new-pin form's script asks it (frontend/src/pin_form.js).
    response = client.get(
        "/meldingen/plek/", {"lon": lon, "lat": lat}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code in (200, 400), response.status_code
    body = response.json()
    assert ("inside" in body) if response.status_code == 200 else body["error"]


@examples
@example(limit="10.0")  # an integer to the filter, so to the list as well
@given(limit=number_text)
def test_any_limit_is_answered_or_refused_with_a_message(client, limit):
    answered_or_refused(client.get(f"{API}/pins/", {"limit": limit}), "limit")
