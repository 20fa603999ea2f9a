"""Where a pin may go, at the edges: the municipality's real outline (not its bounding box)
decides, a point on the outline itself is inside, and a point on the border between two
neighbourhoods always gets the same one, the one the form announced.

Test points come from the real CBS outlines with PostGIS; expectations from the raw
outlines with shapely.
"""

import pytest
import shapely
from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.db import connection

from maps.models import Area
from participatie.pins import services
from participatie.pins.models import Pin
from tests.participatie.factories import UserFactory, category
from tests.problems import field_errors

pytestmark = pytest.mark.django_db
PINS = "/api/v1/public/pins/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def one(sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def outline(code: str):
    return shapely.from_wkt(Area.objects.values_list("geom", flat=True).get(code=code).wkt)


def municipality_code() -> str:
    return Area.objects.filter(level="municipality").values_list("code", flat=True).get()


@pytest.fixture
def resident_client(client):
    client.force_login(UserFactory())
    return client


def post_pin(client, lon: float, lat: float, title: str = "Op de rand"):
    body = {
        "kind": "complaint",
        "category": "straat-en-stoep",
        "title": title,
        "location": {"type": "Point", "coordinates": [lon, lat]},
    }
    return client.post(PINS, body, content_type="application/json", **EN)


def test_a_point_inside_the_bounding_box_but_outside_the_outline_is_refused(resident_client):
    lon, lat = one(
        "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(ST_Difference(ST_Envelope(geom),"
        " geom)) AS p FROM maps_area WHERE level = 'municipality') AS outside"
    )
    shape = outline(municipality_code())
    west, south, east, north = shape.bounds
    assert west < lon < east and south < lat < north
    assert not shape.intersects(shapely.Point(lon, lat))
    before = Pin.objects.count()

    response = post_pin(resident_client, lon, lat)

    assert response.status_code == 400
    assert field_errors(response)["location"] == [
        "This place lies outside the municipality of Assen."
    ]
    assert Pin.objects.count() == before


def test_a_point_on_the_outline_itself_is_inside(resident_client):
    """A vertex of the municipality's outline: exactly on the boundary."""
    lon, lat = one(
        "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)),"
        " 7) AS p FROM maps_area WHERE level = 'municipality') AS vertex"
    )
    shape = outline(municipality_code())
    assert shape.boundary.intersects(shapely.Point(lon, lat))

    response = post_pin(resident_client, lon, lat)

    assert response.status_code == 201, response.content
    assert response.json()["geometry"]["coordinates"] == [lon, lat]
    pin = Pin.objects.select_related("neighbourhood").get(public_id=response.json()["id"])
    assert pin.neighbourhood is not None
    assert outline(pin.neighbourhood.code).intersects(shapely.Point(lon, lat))


def test_an_area_reaching_over_the_outline_is_refused_and_its_inner_part_taken():
    """A pin can be an area (a moderator may draw one): all of it must lie in the town."""
    lon, lat = one(
        "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)),"
        " 7) AS p FROM maps_area WHERE level = 'municipality') AS vertex"
    )
    across = Polygon.from_bbox((lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001))
    across.srid = 4326
    shape = outline(municipality_code())
    assert shape.intersects(shapely.from_wkt(across.wkt))
    assert not shape.covers(shapely.from_wkt(across.wkt))
    author = UserFactory()
    values = {"author": author, "kind": "idea", "category": category("spelen"), "title": "Vlak"}
    with pytest.raises(ValidationError) as refused:
        services.pin_create(**values, geom=across)
    assert list(refused.value.message_dict) == ["geom"]
    # The same corner cut back to what lies inside (less a centimetre): taken.
    inside = shape.intersection(shapely.from_wkt(across.wkt)).buffer(-1e-7)
    assert inside.geom_type == "Polygon" and shape.covers(inside)
    pin = services.pin_create(**values, geom=Polygon(list(inside.exterior.coords), srid=4326))
    assert pin.neighbourhood is not None


def shared_vertex() -> tuple[float, float, set[str]]:
    """A vertex on the border of exactly two neighbourhoods (most are where three meet)."""
    lon, lat, codes = one(
        "WITH corner AS (SELECT DISTINCT (ST_DumpPoints(geom)).geom AS p FROM maps_area"
        " WHERE level = 'neighbourhood')"
        " SELECT ST_X(p), ST_Y(p), array_agg(hood.code ORDER BY hood.code) FROM corner"
        " JOIN maps_area hood ON hood.level = 'neighbourhood' AND ST_Intersects(hood.geom, p)"
        " GROUP BY p HAVING count(*) = 2 ORDER BY ST_X(p), ST_Y(p) LIMIT 1"
    )
    return lon, lat, set(codes)


def test_a_point_on_a_border_gets_one_of_the_two_neighbourhoods_always_the_same(
    resident_client,
):
    lon, lat, codes = shared_vertex()
    assert all(outline(code).intersects(shapely.Point(lon, lat)) for code in codes)
    announced = resident_client.get("/meldingen/plek/", {"lon": lon, "lat": lat}).json()

    stored = set()
    for n in range(8):
        response = post_pin(resident_client, lon, lat, title=f"Op de grens {n}")
        assert response.status_code == 201, response.content
        props = response.json()["properties"]
        stored.add((props["neighbourhood_code"], props["district_code"]))

    assert len(stored) == 1
    ((hood, district),) = stored
    assert hood in codes
    assert Area.objects.get(code=hood).parent.code == district
    assert announced["inside"] is True
    assert announced["neighbourhood"] == Area.objects.get(code=hood).name
    # The pin is found under the neighbourhood it was given.
    listed = resident_client.get(PINS, {"area": hood, "limit": 10000}).json()["features"]
    assert {f["properties"]["title"] for f in listed} >= {f"Op de grens {n}" for n in range(8)}


def test_a_point_inside_a_neighbourhood_gets_that_neighbourhood_and_its_district(
    resident_client,
):
    for code in ("BU01060000", "BU01060303"):
        lon, lat = one(
            "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) AS p FROM maps_area"
            " WHERE code = %s) AS inside",
            code,
        )
        assert outline(code).contains(shapely.Point(lon, lat))
        response = post_pin(resident_client, lon, lat)
        assert response.status_code == 201, response.content
        props = response.json()["properties"]
        district = Area.objects.values_list("parent__code", flat=True).get(code=code)
        assert (props["neighbourhood_code"], props["district_code"]) == (code, district)
