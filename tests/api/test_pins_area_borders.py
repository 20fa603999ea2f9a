"""A pin placed exactly on the border of two neighbourhoods (or two districts) belongs to one
of them: the one stored on the pin when it was placed, which the map's cluster counts count
by. The area filter lists it under that one only, never also under the neighbour whose
outline it touches, so a list filtered by area and the counts on the map agree.

Border points are vertices of the real CBS outlines found with PostGIS; that they lie on
both outlines is checked with shapely; the expected lists come from the raw columns.
"""

import pytest
import shapely
from django.contrib.gis.geos import Point
from django.db import connection

from maps.models import Area
from participatie.pins.models import Pin
from tests.participatie.factories import UserFactory, pin_create, point_in
from tests.participatie.pins.raw import raw_pins

pytestmark = pytest.mark.django_db
PINS = "/api/v1/public/pins/"
LIMIT = 10000


def ids(client, area: str) -> set[str]:
    response = client.get(PINS, {"area": area, "limit": LIMIT})
    assert response.status_code == 200, response.content
    features = response.json()["features"]
    assert len(features) < LIMIT
    return {feature["id"] for feature in features}


def outline(code: str):
    return shapely.from_wkt(Area.objects.values_list("geom", flat=True).get(code=code).wkt)


def border_vertex(*, across_districts: bool) -> tuple[float, float, list[str]]:
    """A vertex of a neighbourhood outline that lies on exactly two neighbourhoods (most
    vertices are where three meet), inside the municipality; with `across_districts`, two
    neighbourhoods of different districts, the point also on both districts' outlines."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH corner AS (SELECT DISTINCT (ST_DumpPoints(geom)).geom AS p FROM maps_area"
            "  WHERE level = 'neighbourhood'),"
            " shared AS (SELECT p, array_agg(hood.code ORDER BY hood.code) AS codes,"
            "  count(DISTINCT hood.parent_id) AS districts FROM corner"
            "  JOIN maps_area hood ON hood.level = 'neighbourhood' AND ST_Intersects(hood.geom, p)"
            "  GROUP BY p HAVING count(*) = 2)"
            " SELECT ST_X(p), ST_Y(p), codes FROM shared"
            " WHERE (districts = 2) = %s AND EXISTS (SELECT 1 FROM maps_area town"
            "  WHERE town.level = 'municipality' AND ST_Covers(town.geom, p))"
            " ORDER BY ST_X(p), ST_Y(p) LIMIT 1",
            [across_districts],
        )
        found = cursor.fetchone()
    assert found is not None
    lon, lat, codes = found
    assert len(codes) == 2
    return lon, lat, codes


def stored_areas(pin: Pin) -> tuple[str, str]:
    return Pin.objects.values_list("neighbourhood__code", "district__code").get(pk=pin.pk)


def public_ids_where(**column) -> set[str]:
    """The public pins whose stored area column has this value, from the raw columns."""
    ((name, value),) = column.items()
    stored = dict(Pin.objects.order_by().values_list("public_id", name))
    return {p.id for p in raw_pins() if p.is_public and stored[p.id] == value}


def assert_listed_under_own_only(client, on_border, inside_other, own, other, column):
    """The API's list of `own` holds the border pin and not the other area's pin, and the
    other way round; each list is exactly the public pins whose stored `column` is its area."""
    own_list, other_list = ids(client, own), ids(client, other)
    assert on_border.public_id in own_list
    assert on_border.public_id not in other_list
    assert inside_other.public_id in other_list
    assert inside_other.public_id not in own_list
    pks = dict(Area.objects.filter(code__in=[own, other]).values_list("code", "pk"))
    assert own_list == public_ids_where(**{column: pks[own]})
    assert other_list == public_ids_where(**{column: pks[other]})


def test_a_pin_on_a_neighbourhood_border_is_listed_under_its_own_neighbourhood_only(client):
    lon, lat, codes = border_vertex(across_districts=False)
    spot = shapely.Point(lon, lat)
    assert all(outline(code).intersects(spot) for code in codes)  # on both outlines
    resident = UserFactory()
    on_border = pin_create(
        resident, title="Precies op de buurtgrens", geom=Point(lon, lat, srid=4326)
    )
    hood, _district = stored_areas(on_border)
    assert hood in codes
    (other,) = set(codes) - {hood}
    # A pin well inside the other neighbourhood, so that its list is not empty.
    inside_other = pin_create(resident, title="Midden in de buurt ernaast", geom=point_in(other))
    assert stored_areas(inside_other)[0] == other

    assert_listed_under_own_only(client, on_border, inside_other, hood, other, "neighbourhood_id")
    # The residents' list page, filtered the same way.
    own_page = client.get("/meldingen/", {"area": hood}).content.decode()
    other_page = client.get("/meldingen/", {"area": other}).content.decode()
    assert "Precies op de buurtgrens" in own_page
    assert "Precies op de buurtgrens" not in other_page
    assert "Midden in de buurt ernaast" in other_page


def test_a_pin_on_a_district_border_is_listed_under_its_own_district_only(client):
    lon, lat, hoods = border_vertex(across_districts=True)
    spot = shapely.Point(lon, lat)
    parents = dict(Area.objects.filter(code__in=hoods).values_list("code", "parent__code"))
    districts = set(parents.values())
    assert len(districts) == 2
    assert all(outline(code).intersects(spot) for code in [*hoods, *districts])
    resident = UserFactory()
    on_border = pin_create(
        resident, title="Precies op de wijkgrens", geom=Point(lon, lat, srid=4326)
    )
    hood, district = stored_areas(on_border)
    assert hood in hoods
    assert district == parents[hood]  # the district of its neighbourhood
    (other,) = districts - {district}
    (other_hood,) = set(hoods) - {hood}
    inside_other = pin_create(
        resident, title="Midden in de wijk ernaast", geom=point_in(other_hood)
    )
    assert stored_areas(inside_other) == (other_hood, other)

    assert_listed_under_own_only(client, on_border, inside_other, district, other, "district_id")
