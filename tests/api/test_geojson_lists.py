"""The GeoJSON lists are one SQL statement's text (maps/geojson.py): here each answer is
compared, feature by feature and in order, with what the raw columns say it must hold —
worked out in Python, not through the querysets or the SQL under test."""

import datetime as dt
import json

import pytest
from django.utils import translation

from maps.models import Area
from participatie.pins.models import Pin
from tests.participatie.factories import UserFactory, pin_create

pytestmark = pytest.mark.django_db
BASE = "/api/v1/public"
# What a resident may type into a title, and what JSON must escape.
AWKWARD_TITLE = 'Tegel "los" bij C:\\pad\\ – één </script> & ☃'


def expected_pins(limit: int) -> list[dict]:
    """The public pins, newest first, as the list must publish them: from raw columns."""
    rows = Pin.objects.order_by().values(
        "public_id", "kind", "status", "title", "is_hidden", "support_count", "comment_count",
        "created_at", "geom", "category__slug", "category__name", "category__name_en",
        "category__is_public",
        "category__is_sensitive", "neighbourhood__code", "district__code", "id",
    )  # fmt: skip
    public = [
        r
        for r in rows
        if r["category__is_public"]
        and not r["category__is_sensitive"]
        and not r["is_hidden"]
        and r["status"] != "withdrawn"
    ]
    public.sort(key=lambda r: (r["created_at"], r["id"]), reverse=True)
    kinds, statuses = dict(Pin.Kind.choices), dict(Pin.Status.choices)
    english = translation.get_language().startswith("en")
    return [
        {
            "id": r["public_id"],
            "lon": r["geom"].x,
            "lat": r["geom"].y,
            "properties": {
                "kind": r["kind"],
                "kind_label": str(kinds[r["kind"]]),
                "category": r["category__slug"],
                # In English the English name where a category has one.
                "category_name": (english and r["category__name_en"]) or r["category__name"],
                "title": r["title"],
                "status": r["status"],
                "status_label": str(statuses[r["status"]]),
                "support_count": r["support_count"],
                "comment_count": r["comment_count"],
                "created_at": r["created_at"],
                "neighbourhood_code": r["neighbourhood__code"],
                "district_code": r["district__code"],
            },
        }
        for r in public[:limit]
    ]


def collection(response) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/geo+json"
    body = json.loads(response.content)  # strict JSON: bytes as the database wrote them
    assert set(body) == {"type", "features"} and body["type"] == "FeatureCollection"
    for feature in body["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert feature["type"] == "Feature"
    return body["features"]


def assert_same_pins(features: list[dict], expected: list[dict]) -> None:
    assert [f["id"] for f in features] == [e["id"] for e in expected]
    for feature, want in zip(features, expected, strict=True):
        got = dict(feature["properties"])
        assert list(got) == list(want["properties"])  # the order the selector names them in
        got["created_at"] = dt.datetime.fromisoformat(got["created_at"])
        assert got == want["properties"]
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        # ST_AsGeoJSON with 6 decimals: within half a millionth of a degree.
        assert abs(lon - want["lon"]) <= 5.1e-7 and abs(lat - want["lat"]) <= 5.1e-7


def test_the_pin_list_is_exactly_the_public_pins_newest_first(api):
    resident = UserFactory(verified=True)
    pin_create(resident, title=AWKWARD_TITLE)
    pin_create(resident, title="Tweede", category=Pin.objects.first().category)
    translation.activate("nl")
    expected = expected_pins(10_000)
    assert len(expected) > 50 and expected[0]["properties"]["title"] in (AWKWARD_TITLE, "Tweede")
    assert_same_pins(collection(api.get(f"{BASE}/pins/?limit=10000")), expected)
    assert AWKWARD_TITLE in [e["properties"]["title"] for e in expected]


def test_the_limit_keeps_the_newest(api):
    translation.activate("nl")
    for limit in (1, 7):
        expected = expected_pins(limit)
        assert len(expected) == limit
        assert_same_pins(collection(api.get(f"{BASE}/pins/?limit={limit}")), expected)


def test_labels_follow_the_language_asked_for(api):
    features = collection(api.get(f"{BASE}/pins/?limit=5", headers={"Accept-Language": "en"}))
    with translation.override("en"):
        expected = expected_pins(5)
    assert_same_pins(features, expected)
    assert {f["properties"]["status_label"] for f in features} <= {
        "New", "Acknowledged", "Planned", "Done", "Declined",
    }  # fmt: skip


def test_an_empty_answer_is_an_empty_collection(api):
    assert collection(api.get(f"{BASE}/pins/?bbox=3.30,51.0,3.31,51.01")) == []
    assert api.get(f"{BASE}/pins/?bbox=3.30,51.0,3.31,51.01").content == (
        b'{"type":"FeatureCollection","features":[]}'
    )


def test_areas_come_with_their_code_as_id_and_their_raw_columns(api):
    rows = Area.objects.order_by().values(
        "code", "name", "level", "is_priority", "parent__code", "id"
    )
    levels = dict(Area.Level.choices)
    translation.activate("nl")
    features = collection(api.get(f"{BASE}/areas/?level=district"))
    expected = {r["code"]: r for r in rows if r["level"] == "district"}
    assert len(features) == len(expected) > 0
    # The model's ordering (level, name), as the database's C collation sorts.
    assert [f["id"] for f in features] == [
        r["code"] for r in sorted(expected.values(), key=lambda r: (r["name"].encode(), r["id"]))
    ]
    for feature in features:
        row = expected[feature["id"]]
        assert feature["properties"] == {
            "code": row["code"],
            "name": row["name"],
            "level": "district",
            "level_label": str(levels["district"]),
            "parent_code": row["parent__code"],
            "is_priority": row["is_priority"],
        }
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
