"""Which areas belong to a municipality: its districts and their neighbourhoods, whatever
else the database holds (another municipality loaded next to Assen, a code of the wrong
level). Expected sets are built from the raw parent links, not from the queryset."""

import pytest
from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Polygon

from maps.models import Area

pytestmark = pytest.mark.django_db


def _shape(lon: float, lat: float) -> MultiPolygon:
    ring = ((lon, lat), (lon + 0.01, lat), (lon + 0.01, lat + 0.01), (lon, lat + 0.01), (lon, lat))
    return MultiPolygon(Polygon(ring), srid=4326)


def _members(code: str) -> set[int]:
    """Districts whose parent is the municipality with this code, and neighbourhoods whose
    district's parent is, read from the rows' own fields."""
    rows = {a.pk: a for a in Area.objects.all()}
    municipalities = {pk for pk, a in rows.items() if a.level == "municipality" and a.code == code}
    districts = {pk for pk, a in rows.items() if a.parent_id in municipalities}
    return districts | {pk for pk, a in rows.items() if a.parent_id in districts}


@pytest.fixture
def elsewhere():
    """A second municipality with one district and one neighbourhood, far from Assen."""
    town = Area.objects.create(
        level="municipality", code="GM9990", name="Elders", geom=_shape(5.0, 52.0)
    )
    district = Area.objects.create(
        level="district",
        code="WK999000",
        name="Elders-Centrum",
        parent=town,
        geom=_shape(5.0, 52.0),
    )
    hood = Area.objects.create(
        level="neighbourhood",
        code="BU99900000",
        name="Elders-Kern",
        parent=district,
        geom=_shape(5.0, 52.0),
    )
    return town, district, hood


def test_the_configured_municipality_has_its_own_districts_and_neighbourhoods(elsewhere):
    expected = _members(settings.MUNICIPALITY_CODE)
    levels = set(Area.objects.filter(pk__in=expected).values_list("level", flat=True))
    assert levels == {"district", "neighbourhood"}  # Assen's data is there: never empty

    found = set(Area.objects.of_municipality().values_list("pk", flat=True))

    assert found == expected
    assert not found & {area.pk for area in elsewhere}


def test_another_municipality_by_its_code_has_only_its_own(elsewhere):
    town, district, hood = elsewhere

    found = set(Area.objects.of_municipality("GM9990").values_list("pk", flat=True))

    assert found == {district.pk, hood.pk} == _members("GM9990")


def test_a_code_that_is_not_a_municipality_has_no_areas(elsewhere):
    """A district's code asks for the areas of a municipality that does not exist: none,
    not the district's own neighbourhoods."""
    town, district, hood = elsewhere
    assen_district = (
        Area.objects.districts().filter(parent__code=settings.MUNICIPALITY_CODE).first()
    )

    assert not Area.objects.of_municipality(district.code).exists()
    assert not Area.objects.of_municipality(assen_district.code).exists()
    assert Area.objects.filter(parent=assen_district).exists()  # it has neighbourhoods
