"""`MUNICIPALITY_CODE=... AREA_FILES=... make run` (README, Loading another municipality):
setup_demo loads that municipality's areas, not Assen's, and puts every piece of demo
content inside it. The municipality is made by hand here: a rectangle near Zwolle, two
districts (west and east halves), each with two neighbourhoods (north and south halves)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from maps.models import Area, Centre, Greenery, PlannedWork, Playground
from maps.partners.models import Partner
from participatie.accounts.models import User
from participatie.initiatives.models import Initiative
from participatie.pins.models import Category, Pin
from participatie.voting.models import RedesignProject

pytestmark = pytest.mark.django_db(transaction=True)

CODE = "GM0193"
WEST, EAST, SOUTH, NORTH, MIDDLE_LON, MIDDLE_LAT = 6.06, 6.14, 52.49, 52.53, 6.10, 52.51


def box(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def collection(features: list[tuple[dict, dict]]) -> dict:
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [
            {"type": "Feature", "properties": props, "geometry": geom} for props, geom in features
        ],
    }


@pytest.fixture
def area_files(tmp_path) -> list[str]:
    files = {
        "gemeente.geojson": collection(
            [({"gemeentecode": CODE, "gemeentenaam": "Proefstad"}, box(WEST, SOUTH, EAST, NORTH))]
        ),
        "wijken.geojson": collection(
            [
                ({"wijkcode": "WK019301", "wijknaam": "Westwijk"}, box(WEST, SOUTH, MIDDLE_LON, NORTH)),
                ({"wijkcode": "WK019302", "wijknaam": "Oostwijk"}, box(MIDDLE_LON, SOUTH, EAST, NORTH)),
            ]
        ),
        "buurten.geojson": collection(
            [
                ({"buurtcode": "BU01930101", "buurtnaam": "West-Zuid"}, box(WEST, SOUTH, MIDDLE_LON, MIDDLE_LAT)),
                ({"buurtcode": "BU01930102", "buurtnaam": "West-Noord"}, box(WEST, MIDDLE_LAT, MIDDLE_LON, NORTH)),
                ({"buurtcode": "BU01930201", "buurtnaam": "Oost-Zuid"}, box(MIDDLE_LON, SOUTH, EAST, MIDDLE_LAT)),
                ({"buurtcode": "BU01930202", "buurtnaam": "Oost-Noord"}, box(MIDDLE_LON, MIDDLE_LAT, EAST, NORTH)),
            ]
        ),
    }  # fmt: skip
    for name, content in files.items():
        (tmp_path / name).write_text(json.dumps(content))
    return [str(tmp_path / name) for name in files]


@pytest.fixture
def empty_database():
    """A database as `make run` finds it the first time: migrated, nothing loaded."""
    call_command("flush", "--noinput", verbosity=0)


def test_setup_demo_loads_the_configured_municipality_and_puts_the_demo_inside_it(
    empty_database, area_files, tmp_path
):
    out = io.StringIO()
    with override_settings(
        MUNICIPALITY_CODE=CODE, AREA_FILES=area_files, DATA_DIR=tmp_path / "data"
    ):
        call_command("setup_demo", stdout=out)

    # Its areas and nothing of Assen.
    assert set(Area.objects.values_list("code", flat=True)) == {
        "GM0193", "WK019301", "WK019302", "BU01930101", "BU01930102", "BU01930201", "BU01930202",
    }  # fmt: skip
    # None of Assen's priority districts is here: the demo flags the first district.
    assert list(Area.objects.filter(is_priority=True).values_list("name", flat=True)) == [
        "Westwijk"
    ]
    assert "the demo flags Westwijk" in out.getvalue()

    # Every layer has demo content, all of it inside the municipality: two playgrounds per
    # neighbourhood, three pins per neighbourhood, one centre in the priority district.
    outline = Area.objects.get(code=CODE).geom
    assert Playground.objects.count() == 2 * 4
    assert Pin.objects.count() == 3 * 4
    assert Centre.objects.count() == 1
    for model in (Playground, Greenery, PlannedWork, Centre, Pin, RedesignProject, Initiative):
        assert model.objects.exists(), model.__name__
        assert not model.objects.exclude(geom__coveredby=outline).exists(), model.__name__
    centre = Centre.objects.get()
    assert (centre.name, centre.city) == ("Buurtinformatiecentrum Westwijk", "Proefstad")
    assert Area.objects.get(code="BU01930101").geom.covers(centre.geom)

    # The partners are the municipality's (generic), the categories route to them.
    partners = {p.kind: p.name for p in Partner.objects.all()}
    assert partners == {
        "municipality": "Gemeente Proefstad",
        "housing": "Woningcorporatie Proefstad (demo)",
        "welfare": "Welzijn Proefstad (demo)",
    }
    assert Category.objects.count() > 0
    assert not Category.objects.exclude(default_partner__in=Partner.objects.all()).exists()

    # The demo accounts live and work here.
    resident = User.objects.get(username="bewoner")
    assert resident.home_neighbourhood.code == "BU01930101"
    wijkteam = User.objects.get(username="wijkteam")
    assert wijkteam.partner.name == "Woningcorporatie Proefstad (demo)"
    assert list(wijkteam.districts.values_list("code", flat=True)) == ["WK019301"]
    assert (tmp_path / "data" / "demo-accounts.txt").exists()


def test_another_municipality_without_its_areas_stops_with_what_to_do(empty_database, tmp_path):
    settings = override_settings(MUNICIPALITY_CODE=CODE, AREA_FILES=[], DATA_DIR=tmp_path)
    with settings, pytest.raises(CommandError) as refused:
        call_command("setup_demo", stdout=io.StringIO())

    assert "municipality GM0193 (MUNICIPALITY_CODE) is not loaded" in str(refused.value)
    assert "AREA_FILES=gemeente.geojson,wijken.geojson,buurten.geojson" in str(refused.value)
    assert not Area.objects.exists()


def test_area_files_name_three_files(empty_database, area_files, tmp_path):
    settings = override_settings(
        MUNICIPALITY_CODE=CODE, AREA_FILES=area_files[:2], DATA_DIR=tmp_path
    )
    with settings, pytest.raises(CommandError, match="three GeoJSON files"):
        call_command("setup_demo", stdout=io.StringIO())

    assert not Area.objects.exists()


def test_area_files_without_the_configured_municipality_load_nothing(
    empty_database, area_files, tmp_path
):
    settings = override_settings(
        MUNICIPALITY_CODE="GM0363", AREA_FILES=area_files, DATA_DIR=tmp_path
    )
    with settings, pytest.raises(CommandError, match="do not hold it"):
        call_command("setup_demo", stdout=io.StringIO())

    assert not Area.objects.exists()
