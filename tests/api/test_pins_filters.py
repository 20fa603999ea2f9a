"""The pins API's box and period filters against answers worked out from raw coordinates and
raw timestamps: pins on a bound, just inside and just outside each bound."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point

from participatie.pins.models import Pin
from tests.participatie.factories import UserFactory, pin_create, point_in, sensitive_category
from tests.participatie.pins.raw import raw_pins

pytestmark = pytest.mark.django_db
PINS = "/api/v1/public/pins/"
NUDGE = 1e-5  # about a metre: outside the box, but still in the same street


def ids(client, **params) -> set[int]:
    response = client.get(PINS, {"limit": 10000, **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return {feature["id"] for feature in response.json()["features"]}


def csv(numbers) -> str:
    return ",".join(repr(float(n)) for n in numbers)


@pytest.fixture
def resident():
    return UserFactory()


@pytest.fixture
def box(resident):
    """A box of about 400 by 600 metres in the middle of Assen, with pins on its edges, just
    inside and just outside each side, and a private pin in its centre."""
    centre = point_in("BU01060000")
    lon, lat = centre.x, centre.y
    west, south, east, north = lon - 0.003, lat - 0.002, lon + 0.003, lat + 0.002
    spots = {
        "centre": (lon, lat),
        "on_west_edge": (west, lat),
        "on_north_east_corner": (east, north),
        "just_inside_south": (lon, south + NUDGE / 10),
        "just_outside_west": (west - NUDGE, lat),
        "just_outside_east": (east + NUDGE, lat),
        "just_outside_north": (lon, north + NUDGE),
        "just_outside_south": (lon, south - NUDGE),
    }
    pins = {
        name: pin_create(resident, geom=Point(x, y, srid=4326)) for name, (x, y) in spots.items()
    }
    pins["private_centre"] = pin_create(
        resident, category=sensitive_category(), geom=Point(lon, lat, srid=4326)
    )
    return (west, south, east, north), pins


def test_the_box_answers_exactly_the_public_pins_whose_coordinates_lie_in_it(client, box):
    (west, south, east, north), pins = box
    expected = {
        p.id
        for p in raw_pins()
        if p.is_public and west <= p.lon <= east and south <= p.lat <= north
    }
    inside = {"centre", "on_west_edge", "on_north_east_corner", "just_inside_south"}
    assert {pins[name].public_id for name in inside} <= expected  # not empty, by construction

    found = ids(client, bbox=csv((west, south, east, north)))

    assert found == expected
    for name, pin in pins.items():
        assert (pin.public_id in found) == (name in inside), name


def test_a_box_given_latitude_first_finds_none_of_the_pins_in_it(client, box):
    """The order is min_lon,min_lat,max_lon,max_lat: the same numbers the other way round
    describe a place in the Indian Ocean, not Assen."""
    (west, south, east, north), pins = box
    assert ids(client, bbox=csv((west, south, east, north))) >= {pins["centre"].public_id}
    assert ids(client, bbox=csv((south, west, north, east))) == set()


# --- the period ------------------------------------------------------------------------

# The day summer time ends in the Netherlands: 25 hours long, the offset changes inside it.
DAY = dt.date(2024, 10, 27)
LOCAL = ZoneInfo(settings.TIME_ZONE)


def local(day: dt.date, *time) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, *time, tzinfo=LOCAL)


@pytest.fixture
def period_pins(resident):
    """Pins created on either side of the bounds of DAY, in local time (Europe/Amsterdam)."""
    moments = {
        "last_moment_before": local(DAY - dt.timedelta(days=1), 23, 59, 59, 999999),
        "first_moment": local(DAY),
        "last_moment": local(DAY, 23, 59, 59, 999999),
        "first_moment_after": local(DAY + dt.timedelta(days=1)),
    }
    pins = {}
    for name, moment in moments.items():
        pin = pin_create(resident, title=name)
        Pin.objects.filter(pk=pin.pk).update(created_at=moment)
        pins[name] = pin.public_id
    return pins


def expected_days(test) -> set[int]:
    return {p.id for p in raw_pins() if p.is_public and test(p.local_day)}


def test_created_after_takes_the_whole_day_from_local_midnight(client, period_pins):
    found = ids(client, created_after=DAY.isoformat())
    assert found == expected_days(lambda day: day >= DAY)
    assert period_pins["first_moment"] in found  # on the bound
    assert period_pins["last_moment"] in found  # inside
    assert period_pins["last_moment_before"] not in found  # just outside


def test_created_before_takes_the_whole_day_until_local_midnight(client, period_pins):
    found = ids(client, created_before=DAY.isoformat())
    assert found == expected_days(lambda day: day <= DAY)
    assert period_pins["last_moment"] in found  # on the bound
    assert period_pins["first_moment"] in found  # inside
    assert period_pins["first_moment_after"] not in found  # just outside


def test_a_period_of_one_day_holds_exactly_that_day(client, period_pins):
    found = ids(client, created_after=DAY.isoformat(), created_before=DAY.isoformat())
    assert found == expected_days(lambda day: day == DAY)
    assert found == {period_pins["first_moment"], period_pins["last_moment"]}


def test_a_period_that_ends_before_it_starts_is_empty(client, period_pins):
    later = (DAY + dt.timedelta(days=1)).isoformat()
    assert ids(client, created_after=later, created_before=DAY.isoformat()) == set()


# --- the box's bounds ------------------------------------------------------------------------

RANGE = "Longitude must lie between -180 and 180, latitude between -90 and 90."
ORDER = "The minimum must be smaller than the maximum (min_lon,min_lat,max_lon,max_lat)."


@pytest.mark.parametrize(
    "bbox, message",
    [
        ("180.5,0,179,1", RANGE),  # a west edge past 180, east of the east edge
        ("-179,0,-180.5,1", RANGE),  # an east edge past -180
        ("-181,0,-179,1", RANGE),
        ("179,0,181,1", RANGE),
        ("0,90.5,1,89", RANGE),
        ("0,-89,1,-90.5", RANGE),
        ("0,-91,1,-89", RANGE),
        ("0,89,1,91", RANGE),
        ("-180,0,-180,1", ORDER),  # on the bounds, but no width
        ("180,0,180,1", ORDER),  # on the east bound, no width
        ("0,-90,1,-90", ORDER),
        ("0,90,1,90", ORDER),
        ("2,0,1,1", ORDER),
        ("0,2,1,1", ORDER),
    ],
)
def test_a_box_out_of_range_or_turned_round_is_a_400_saying_which(client, bbox, message):
    from django.utils import translation

    with translation.override("en"):
        response = client.get(PINS, {"bbox": bbox}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"]["bbox"] == [message]


@pytest.mark.parametrize("bbox", ["-180,-90,180,90", "170,80,180,90", "-180,-90,-170,-80"])
def test_a_box_on_the_bounds_of_the_world_is_taken(client, bbox):
    assert client.get(PINS, {"bbox": bbox}).status_code == 200
