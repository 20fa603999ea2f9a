"""`manage.py import_areas`: any CBS-style GeoJSON, clear reports, nothing half-written."""

import io

import pytest
from django.core.management import CommandError, call_command

from maps.models import Area
from tests.maps.factories import collection, feature, square, write_geojson

pytestmark = pytest.mark.django_db

# A made-up municipality far from Assen, so it never overlaps the session data.
GM = {"gemeentecode": "GM9999", "gemeentenaam": "Proefdorp"}


def run(path, level, *extra):
    out = io.StringIO()
    call_command("import_areas", path, "--level", level, *extra, stdout=out)
    return out.getvalue()


def snapshot():
    return sorted(Area.objects.values_list("code", "name", "parent_id"))


@pytest.fixture
def proefdorp(tmp_path):
    """Another municipality, loaded from CBS-shaped files: 1 municipality, 2 districts."""
    run(
        write_geojson(tmp_path, "gm.json", collection([feature(GM, square(4.0, 52.0, 0.2))])),
        "municipality",
    )
    districts = collection(
        [
            feature({"wijkcode": "WK999901", "wijknaam": "Noord"}, square(4.0, 52.1, 0.1)),
            feature({"wijkcode": "WK999902", "wijknaam": "Zuid"}, square(4.0, 52.0, 0.1)),
        ]
    )
    run(write_geojson(tmp_path, "wk.json", districts), "district")
    return tmp_path


def test_another_municipality_loads_with_parents_derived_from_cbs_codes(proefdorp):
    hoods = collection(
        [
            feature(
                {"buurtcode": "BU99990101", "buurtnaam": "Dorpskern"}, square(4.01, 52.11, 0.02)
            ),
            feature({"buurtcode": "BU99990201", "buurtnaam": "Polder"}, square(4.01, 52.01, 0.02)),
        ]
    )
    report = run(write_geojson(proefdorp, "bu.json", hoods), "neighbourhood")
    assert "2 created" in report
    assert Area.objects.get(code="BU99990101").parent.code == "WK999901"
    assert Area.objects.get(code="WK999902").parent.code == "GM9999"


def test_explicit_field_names_are_used_for_non_cbs_files(proefdorp):
    hoods = collection(
        [
            feature(
                {"id": "BU99990103", "label": "Eigen", "in": "WK999901"}, square(4.02, 52.12, 0.01)
            )
        ]
    )
    run(
        write_geojson(proefdorp, "bu.json", hoods),
        "neighbourhood",
        "--code-field", "id", "--name-field", "label", "--parent-field", "in",
    )  # fmt: skip
    assert Area.objects.get(code="BU99990103").name == "Eigen"


def test_a_self_intersecting_polygon_is_repaired_and_reported(proefdorp):
    bowtie = [[[4.01, 52.11], [4.03, 52.13], [4.03, 52.11], [4.01, 52.13], [4.01, 52.11]]]
    hoods = collection([feature({"buurtcode": "BU99990102", "buurtnaam": "Strik"}, bowtie)])
    report = run(write_geojson(proefdorp, "bu.json", hoods), "neighbourhood")
    assert "1 repaired" in report and "made valid" in report
    area = Area.objects.get(code="BU99990102")
    assert area.geom.valid and area.geom.area > 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("{not json", "not valid JSON"),
        ({"type": "Feature"}, "not a GeoJSON FeatureCollection"),
        (collection([]), "has no features"),
        (
            collection([feature({"buurtcode": "BU01069901", "buurtnaam": "X"}, square(6.5, 53.0))], crs="urn:ogc:def:crs:EPSG::28992"),
            "EPSG::28992",
        ),
        (
            collection([feature({"buurtcode": "BU01069901", "buurtnaam": "X"}, square(233000, 557000, 100))]),
            "not longitude/latitude",
        ),
        (collection([feature({"buurtnaam": "Zonder code"}, square(6.55, 53.0, 0.001))]), "no area code"),
        (
            collection([feature({"buurtcode": "BU01069901", "buurtnaam": "Lijn"}, geometry={"type": "LineString", "coordinates": [[6.55, 53.0], [6.56, 53.0]]})]),
            "is not an area",
        ),
        (
            collection([feature({"buurtcode": "BU01069901", "buurtnaam": "Open"}, [[[6.55, 53.0], [6.56, 53.0], [6.56, 53.01]]])]),
            "unreadable geometry",
        ),
        (
            collection([feature({"buurtcode": "BU01069901", "buurtnaam": "Leeg"}, geometry=None)]),
            "no geometry",
        ),
        (
            collection([feature({"buurtcode": "BU01069901", "buurtnaam": "Weeskind"}, square(6.55, 53.0, 0.001))]),
            "parent area WK010699 is not loaded",
        ),
    ],
    ids=[
        "empty file", "not json", "not a collection", "no features", "wrong crs",
        "rd coordinates without crs", "missing code", "line instead of area",
        "ring not closed", "no geometry", "unknown parent",
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_a_reason_and_change_nothing(tmp_path, content, message):
    if message.startswith("parent area"):
        Area.objects.filter(code="WK010699").update(code="WK010698")  # make the parent unknown
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(write_geojson(tmp_path, "bad.json", content), "neighbourhood")
    assert message in str(error.value)
    assert "database is unchanged" in str(error.value)
    assert snapshot() == before


def test_coordinates_in_lat_lon_order_are_recognised(tmp_path):
    district = Area.objects.get(code="WK010601")
    inside = district.geom.point_on_surface
    swapped = [
        [
            [inside.y, inside.x],
            [inside.y + 0.0005, inside.x],
            [inside.y + 0.0005, inside.x + 0.0005],
            [inside.y, inside.x],
        ]
    ]
    before = snapshot()
    with pytest.raises(CommandError, match="latitude/longitude order"):
        run(
            write_geojson(
                tmp_path,
                "swapped.json",
                collection([feature({"buurtcode": "BU01060199", "buurtnaam": "Om"}, swapped)]),
            ),
            "neighbourhood",
        )
    assert snapshot() == before


def test_one_bad_feature_aborts_the_import_unless_skip_invalid_is_given(proefdorp):
    hoods = collection(
        [
            feature({"buurtcode": "BU99990104", "buurtnaam": "Goed"}, square(4.01, 52.11, 0.01)),
            feature({"buurtnaam": "Zonder code"}, square(4.03, 52.13, 0.01)),
        ]
    )
    path = write_geojson(proefdorp, "bu.json", hoods)
    with pytest.raises(CommandError, match="--skip-invalid"):
        run(path, "neighbourhood")
    assert not Area.objects.filter(code="BU99990104").exists()

    report = run(path, "neighbourhood", "--skip-invalid")
    assert "1 created" in report and "1 skipped" in report and "no area code" in report
    assert Area.objects.filter(code="BU99990104").exists()


def test_a_dry_run_reports_but_writes_nothing(proefdorp):
    hoods = collection(
        [feature({"buurtcode": "BU99990105", "buurtnaam": "Proef"}, square(4.01, 52.11, 0.01))]
    )
    report = run(write_geojson(proefdorp, "bu.json", hoods), "neighbourhood", "--dry-run")
    assert "1 created" in report and "would be" in report
    assert not Area.objects.filter(code="BU99990105").exists()
