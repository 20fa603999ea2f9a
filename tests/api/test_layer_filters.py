"""The map layers' box and date filters against answers worked out from raw coordinates and
raw dates (shapely for shapes, plain comparisons for points and days)."""

import datetime as dt

import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon

from maps.models import Area, Centre, Greenery, PlannedWork, Playground
from tests.participatie.factories import point_in

pytestmark = pytest.mark.django_db
BASE = "/api/v1/public"
NUDGE = 1e-5


def ids(client, layer: str, **params) -> set:
    response = client.get(f"{BASE}/{layer}/", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return {feature["id"] for feature in response.json()["features"]}


def csv(numbers) -> str:
    return ",".join(repr(float(n)) for n in numbers)


def square(lon: float, lat: float, half: float) -> Polygon:
    return Polygon.from_bbox((lon - half, lat - half, lon + half, lat + half))


@pytest.fixture
def box():
    centre = point_in("BU01060000")
    lon, lat = centre.x, centre.y
    return lon, lat, (lon - 0.003, lat - 0.002, lon + 0.003, lat + 0.002)


def points_around(box):
    """Points in the centre, on an edge, on a corner, and just outside each side."""
    lon, lat, (west, south, east, north) = box
    inside = {"centre": (lon, lat), "on_edge": (west, lat), "on_corner": (east, south)}
    outside = {
        "west": (west - NUDGE, lat),
        "east": (east + NUDGE, lat),
        "north": (lon, north + NUDGE),
        "south": (lon, south - NUDGE),
    }
    return inside, outside


@pytest.mark.parametrize("model", [Playground, Centre], ids=["playgrounds", "centres"])
def test_point_layers_answer_the_points_whose_coordinates_lie_in_the_box(client, box, model):
    layer = {Playground: "playgrounds", Centre: "centres"}[model]
    extra = {"address": "Brink 1"} if model is Centre else {}
    inside, outside = points_around(box)
    made = {
        name: model.objects.create(name=name, geom=Point(x, y, srid=4326), **extra).pk
        for name, (x, y) in inside.items() | outside.items()
    }
    west, south, east, north = box[2]
    expected = {
        pk
        for pk, geom in model.objects.values_list("pk", "geom")
        if west <= geom.x <= east and south <= geom.y <= north
    }
    assert {made[name] for name in inside} <= expected

    found = ids(client, layer, bbox=csv(box[2]))

    assert found == expected
    assert not found & {made[name] for name in outside}


def shapes_expected(rows, bbox) -> set:
    """Features whose raw shape touches the box, decided by shapely (GEOS in-process)."""
    target = shapely.box(*bbox)
    return {pk for pk, geom in rows if shapely.from_wkt(geom.wkt).intersects(target)}


def test_greenery_answers_the_shapes_touching_the_box(client, box):
    lon, lat, (west, south, east, north) = box
    half = 0.0005
    shapes = {
        # A park reaching into the box from the west, one just beside it, one around it all.
        "reaching_in": square(west - half + NUDGE, lat, half),
        "beside": square(west - half - NUDGE, lat, half),
        "touching_corner": Polygon.from_bbox((east, north, east + 0.001, north + 0.001)),
        "around": Polygon.from_bbox((west - 0.01, south - 0.01, east + 0.01, north + 0.01)),
    }
    made = {}
    for name, polygon in shapes.items():
        polygon.srid = 4326
        made[name] = Greenery.objects.create(name=name, geom=MultiPolygon(polygon, srid=4326)).pk
    expected = shapes_expected(Greenery.objects.values_list("pk", "geom"), box[2])
    assert {made["reaching_in"], made["touching_corner"], made["around"]} <= expected
    assert made["beside"] not in expected

    assert ids(client, "greenery", bbox=csv(box[2])) == expected


def test_areas_answer_the_areas_touching_the_box(client, box):
    expected = shapes_expected(Area.objects.values_list("code", "geom"), box[2])
    assert "BU01060000" in expected and "GM0106" in expected

    assert ids(client, "areas", bbox=csv(box[2])) == expected


# --- planned works by date -------------------------------------------------------------

DAY = dt.date(2023, 3, 15)
ONE = dt.timedelta(days=1)


@pytest.fixture
def works(box):
    """Works that start or end on DAY, the day before or the day after it."""
    lon, lat, _ = box
    owner = PlannedWork.objects.values_list("owner_id", flat=True).first()
    periods = {
        "only_that_day": (DAY, DAY),
        "ends_that_day": (DAY - 10 * ONE, DAY),
        "starts_that_day": (DAY, DAY + 10 * ONE),
        "ended_the_day_before": (DAY - 10 * ONE, DAY - ONE),
        "starts_the_day_after": (DAY + ONE, DAY + 10 * ONE),
        "around_it": (DAY - 10 * ONE, DAY + 10 * ONE),
    }
    made = {}
    for n, (name, (start, end)) in enumerate(periods.items()):
        geom = square(lon + n * 0.0002, lat, 0.00005)
        geom.srid = 4326
        made[name] = PlannedWork.objects.create(
            name=name, kind="street", owner_id=owner, start_date=start, end_date=end, geom=geom
        ).pk
    return made


def works_where(test) -> set[int]:
    return {pk for pk, start, end in PlannedWork.objects.values_list("pk", "start_date", "end_date")
            if test(start, end)}  # fmt: skip


def test_active_on_answers_the_works_going_on_that_day(client, works):
    found = ids(client, "planned-works", active_on=DAY.isoformat())
    assert found == works_where(lambda start, end: start <= DAY <= end)
    going_on = {"only_that_day", "ends_that_day", "starts_that_day", "around_it"}
    assert {name for name, pk in works.items() if pk in found} == going_on


def test_start_answers_the_works_not_ended_before_it(client, works):
    found = ids(client, "planned-works", start=DAY.isoformat())
    assert found == works_where(lambda start, end: end >= DAY)
    assert works["ends_that_day"] in found  # on the bound
    assert works["around_it"] in found and works["starts_the_day_after"] in found
    assert works["ended_the_day_before"] not in found  # just outside


def test_end_answers_the_works_started_on_or_before_it(client, works):
    found = ids(client, "planned-works", end=DAY.isoformat())
    assert found == works_where(lambda start, end: start <= DAY)
    assert works["starts_that_day"] in found  # on the bound
    assert works["around_it"] in found and works["ended_the_day_before"] in found
    assert works["starts_the_day_after"] not in found  # just outside


def test_start_and_end_together_answer_the_works_overlapping_the_period(client, works):
    found = ids(client, "planned-works", start=DAY.isoformat(), end=DAY.isoformat())
    assert found == works_where(lambda start, end: start <= DAY <= end)
    assert found == ids(client, "planned-works", active_on=DAY.isoformat())
    assert works["only_that_day"] in found


def test_planned_work_shapes_are_found_by_the_box_they_touch(client, works, box):
    rows = PlannedWork.objects.values_list("pk", "geom")
    expected = shapes_expected(rows, box[2])
    assert set(works.values()) <= expected
    assert ids(client, "planned-works", bbox=csv(box[2])) == expected
    # A box of one work's own outline holds that work, touching ones, and not the others.
    only = GEOSGeometry(PlannedWork.objects.get(pk=works["around_it"]).geom.wkt).extent
    assert ids(client, "planned-works", bbox=csv(only)) == shapes_expected(rows, only)


def test_a_yes_or_no_filter_reads_a_checkbox_text_or_a_value_given_in_code():
    from django import forms

    from maps.filters import StrictBooleanField

    field = StrictBooleanField(required=False)
    assert [field.clean(v) for v in ("true", "on", "false")] == [True, True, False]
    assert field.clean("") is None and field.clean(None) is None  # no filter
    assert field.clean(True) is True and field.clean(False) is False  # FilterSet({...: True})
    for wrong in ("ja", "1", "TRUE"):
        with pytest.raises(forms.ValidationError) as exc:
            field.clean(wrong)
        assert exc.value.code == "invalid"


def test_an_area_code_is_read_to_its_area_and_a_wrong_one_is_refused_with_a_400(client):
    from django import forms

    from maps.filters import AreaCodeField

    field = AreaCodeField(required=False)
    hood = Area.objects.neighbourhoods().order_by("code").first()
    area = field.clean(hood.code)
    assert (area.pk, area.code, area.level) == (hood.pk, hood.code, "neighbourhood")
    assert field.clean("") is None
    for wrong in ("WK999999", "x" * 300):
        with pytest.raises(forms.ValidationError) as exc:
            field.clean(wrong)
        assert exc.value.code == "unknown"
        assert exc.value.params == {"code": wrong[:20]}  # the message quotes 20 characters
    # A null character never reaches the database (PostgreSQL cannot compare one): a field
    # error, whichever way the filter is used; over the API a 400.
    with pytest.raises(forms.ValidationError):
        field.clean("WK01\x0006")
    response = client.get("/api/v1/public/pins/", {"area": "WK01\x0006"})
    assert response.status_code == 400
    assert "area" in response.json()["errors"]
