"""The public map-layer API, in-process, against the session's Assen data."""

import pytest
import shapely

from maps.models import Area, PlannedWork, Playground
from tests.maps.factories import geometry
from tests.problems import field_errors

pytestmark = pytest.mark.django_db
BASE = "/api/v1/public"


def features(response):
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    return body["features"]


def test_districts_come_back_as_ten_features_with_codes_and_priority(api):
    districts = features(api.get(f"{BASE}/areas/?level=district"))
    assert len(districts) == 10
    lariks = next(f for f in districts if f["properties"]["name"] == "Lariks")
    assert lariks["id"] == "WK010601"
    props = lariks["properties"]
    assert (props["code"], props["level"], props["parent_code"]) == (
        "WK010601",
        "district",
        "GM0106",
    )
    assert props["is_priority"] is True
    assert lariks["geometry"]["type"] == "MultiPolygon"


def test_neighbourhoods_come_back_as_109_features_each_inside_its_district(api):
    hoods = features(api.get(f"{BASE}/areas/?level=neighbourhood"))
    districts = {
        f["id"]: geometry(f["geometry"]) for f in features(api.get(f"{BASE}/areas/?level=district"))
    }
    assert len(hoods) == 109
    assert all(f["id"].startswith("BU0106") for f in hoods)
    for hood in hoods:
        inside = geometry(hood["geometry"]).point_on_surface
        assert districts[hood["properties"]["parent_code"]].intersects(inside)


def test_areas_filter_by_parent(api):
    lariks = features(api.get(f"{BASE}/areas/?parent=WK010601"))
    assert {f["properties"]["parent_code"] for f in lariks} == {"WK010601"}
    assert len(lariks) == Area.objects.filter(parent__code="WK010601").count()


@pytest.mark.parametrize("layer", ["playgrounds", "greenery", "planned-works", "centres"])
def test_every_layer_lies_inside_the_municipality(api, layer):
    assen = Area.objects.municipality().get().geom.buffer(0.00001)
    items = features(api.get(f"{BASE}/{layer}/"))
    assert items
    for item in items:
        assert assen.covers(geometry(item["geometry"])), item["properties"]["name"]
        assert item["properties"]["is_demo"] is True


def test_playgrounds_filter_by_area_code(api):
    lariks = shapely.from_wkt(Area.objects.values_list("geom", flat=True).get(code="WK010601").wkt)
    items = features(api.get(f"{BASE}/playgrounds/?area=WK010601"))
    # From the raw outline and raw coordinates, not through the queryset under test.
    expected = {
        pk
        for pk, geom in Playground.objects.values_list("pk", "geom")
        if lariks.intersects(shapely.Point(geom.x, geom.y))
    }
    assert {i["id"] for i in items} == expected
    assert 0 < len(expected) < Playground.objects.count()


def test_bbox_returns_only_features_touching_the_box(api):
    box = (6.54, 52.99, 6.57, 53.01)
    items = features(api.get(f"{BASE}/playgrounds/", params={"bbox": ",".join(map(str, box))}))
    assert 0 < len(items) < Playground.objects.count()
    for item in items:
        lon, lat = item["geometry"]["coordinates"]
        assert box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def test_planned_works_filter_by_date_and_show_owner_and_period(api):
    work = PlannedWork.objects.select_related("owner").order_by("start_date").first()
    items = features(
        api.get(f"{BASE}/planned-works/", params={"active_on": work.start_date.isoformat()})
    )
    found = next(i for i in items if i["id"] == work.pk)
    assert found["properties"]["owner"] == work.owner.name
    assert found["properties"]["start_date"] == work.start_date.isoformat()
    assert found["properties"]["end_date"] == work.end_date.isoformat()
    day = work.start_date
    expected = {
        pk
        for pk, start, end in PlannedWork.objects.values_list("pk", "start_date", "end_date")
        if start <= day <= end
    }
    assert {i["id"] for i in items} == expected
    assert len(expected) < PlannedWork.objects.count()


def test_labels_follow_the_requested_language(api):
    nl = features(api.get(f"{BASE}/planned-works/", headers={"Accept-Language": "nl"}))
    en = features(api.get(f"{BASE}/planned-works/", headers={"Accept-Language": "en"}))
    label = {
        "en": {i["properties"]["kind_label"] for i in en},
        "nl": {i["properties"]["kind_label"] for i in nl},
    }
    assert "Sewer works" in label["en"] or "Street works" in label["en"]
    assert label["nl"].isdisjoint({"Sewer works", "Street works", "New build"})


def test_single_features_have_their_own_url(api):
    work = PlannedWork.objects.first()
    body = api.get(f"{BASE}/planned-works/{work.pk}/").json()
    assert body["type"] == "Feature" and body["properties"]["name"] == work.name
    area = api.get(f"{BASE}/areas/BU01060000/").json()
    assert area["properties"]["parent_code"] == "WK010600"
    assert api.get(f"{BASE}/areas/BU00000000/").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("playgrounds/?bbox=1,2,3", "bbox"),
        ("playgrounds/?bbox=a,b,c,d", "bbox"),
        ("playgrounds/?bbox=6.6,53.0,6.5,52.9", "bbox"),
        ("playgrounds/?bbox=6.5,52.9,6.6,NaN", "bbox"),
        ("playgrounds/?bbox=52.9,6.5,953.0,6.6", "bbox"),
        ("playgrounds/?area=WK999999", "area"),
        ("planned-works/?active_on=31-12-2026", "active_on"),
        ("planned-works/?kind=castle", "kind"),
        ("areas/?level=province", "level"),
    ],
)
def test_bad_filters_get_a_400_with_the_field_named(api, query, field):
    response = api.get(f"{BASE}/{query}")
    assert response.status_code == 400
    assert field in field_errors(response)


def test_the_openapi_schema_and_docs_are_served_without_a_cdn(api):
    schema = api.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for layer in ["areas", "playgrounds", "greenery", "planned-works", "centres"]:
        assert f"{BASE}/{layer}/" in paths
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower()
