"""Any shape given as a pin's location (a point, a line or an area, as the admin's map and
later the API may send) becomes a pin or a field error on the location: never another
exception. Which one is decided in Python from the raw outline with shapely: a valid,
finite shape covered by the municipality is taken, anything else refused.
"""

import json
import math

import pytest
import shapely
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from maps.models import Area
from participatie.pins import services
from tests.participatie.factories import category

pytestmark = pytest.mark.django_db
examples = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# The town centre, around Assen (a little beyond its outline on every side), anywhere at all.
centre = st.tuples(st.floats(6.53, 6.58), st.floats(52.98, 53.01))
near = st.tuples(st.floats(6.40, 6.72), st.floats(52.88, 53.12))
anywhere = st.tuples(st.floats(-400, 400), st.floats(-200, 200))
position = st.one_of(centre, near, anywhere)


@st.composite
def star(draw) -> list:
    """A simple polygon's ring: points at increasing angles around a spot (never crossing)."""
    x, y = draw(st.one_of(centre, near))
    angles = sorted(draw(st.lists(st.floats(0, 2 * math.pi - 0.01), min_size=3, max_size=7,
                                  unique=True)))  # fmt: skip
    radius = draw(st.floats(0.0001, 0.05))
    return [[x + radius * math.cos(a), y + radius * math.sin(a)] for a in angles]


@st.composite
def shapes(draw) -> str:
    kind = draw(st.sampled_from(["Point", "LineString", "Polygon", "Polygon"]))
    if kind == "Point":
        return json.dumps({"type": "Point", "coordinates": draw(position)})
    if kind == "LineString":
        x, y = draw(st.one_of(centre, near))
        steps = draw(st.lists(st.tuples(st.floats(-0.01, 0.01), st.floats(-0.01, 0.01)),
                              min_size=1, max_size=5))  # fmt: skip
        points = [[x, y]] + [[x + dx, y + dy] for dx, dy in steps]
        return json.dumps({"type": kind, "coordinates": points})
    # A simple polygon, or one from points in any order (which may cross itself).
    ring = draw(st.one_of(star(), st.lists(position, min_size=3, max_size=6)))
    return json.dumps({"type": kind, "coordinates": [[*ring, ring[0]]]})


@pytest.fixture
def outline():
    geom = Area.objects.filter(level="municipality").values_list("geom", flat=True).get()
    return shapely.from_wkt(geom.wkt)


def pin_or_errors(author, geom):
    try:
        return services.pin_create(
            author=author, kind="idea", category=category("spelen"), title="Hier", geom=geom
        ), None
    except ValidationError as exc:
        return None, exc.message_dict


@examples
@example(
    text='{"type": "Polygon", "coordinates": [[[6.55, 52.99], [6.56, 53.0], '
    "[6.55, 53.0], [6.56, 52.99], [6.55, 52.99]]]}"
)  # a bow tie: crosses itself
@given(text=shapes())
def test_any_shape_becomes_a_pin_or_an_error_on_the_location(resident, outline, text):
    try:
        geom = GEOSGeometry(text, srid=4326)
    except (GEOSException, GDALException, ValueError):
        assume(False)  # not a geometry at all: refused before any service is asked
    shape = shapely.from_geojson(text)
    inside = shape.is_valid and not shape.is_empty and outline.covers(shape)
    event(f"{geom.geom_type} {'taken' if inside else 'refused'}")

    pin, errors = pin_or_errors(resident, geom)

    if inside:
        assert errors is None, errors
        assert shapely.from_wkt(pin.geom.wkt).equals(shape)
        assert pin.neighbourhood is not None
    else:
        assert pin is None
        assert set(errors) == {"geom"} and all(m.strip() for m in errors["geom"]), errors


@examples
@given(x=st.floats(allow_nan=True, allow_infinity=True), y=st.floats(allow_infinity=True))
def test_numbers_that_are_no_place_are_an_error_on_the_location(resident, x, y):
    finite = math.isfinite(x) and math.isfinite(y)
    assume(not finite or abs(x) > 180 or abs(y) > 90)
    pin, errors = pin_or_errors(resident, Point(x, y, srid=4326))
    assert pin is None and set(errors) == {"geom"}
