"""The public pins API, in-process, against the session's demo pins (read-only)."""

import datetime as dt
import itertools

import pytest
import shapely

from maps.models import Area
from participatie.pins.models import Category, Pin
from tests.participatie.pins.raw import public_ids, raw_pins
from tests.problems import field_errors, problem

pytestmark = pytest.mark.django_db
BASE = "/api/v1/public"
PUBLIC_PROPERTIES = {
    "kind", "kind_label", "category", "category_name", "title", "status", "status_label",
    "support_count", "comment_count", "created_at", "neighbourhood_code", "district_code",
}  # fmt: skip


def features(response):
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    return body["features"]


def ids(response) -> set[int]:
    return {f["id"] for f in features(response)}


@pytest.fixture(scope="module")
def private_ids(django_db_blocker):
    with django_db_blocker.unblock():
        private = {p.id for p in raw_pins() if not p.is_public}
    return private


def test_the_list_has_every_public_pin_and_only_public_properties(api):
    items = features(api.get(f"{BASE}/pins/"))
    assert {i["id"] for i in items} == public_ids(raw_pins())
    for item in items:
        assert set(item["properties"]) == PUBLIC_PROPERTIES
        assert item["geometry"]["type"] == "Point"
    first = Pin.objects.public().select_related("category", "neighbourhood", "district").first()
    props = next(i for i in items if i["id"] == first.public_id)["properties"]
    assert props["category"] == first.category.slug
    assert props["neighbourhood_code"] == first.neighbourhood.code
    assert props["district_code"] == first.district.code
    assert dt.datetime.fromisoformat(props["created_at"]) == first.created_at


def test_no_author_or_e_mail_in_any_public_response(api):
    texts = [api.get(f"{BASE}/pins/").text, api.get(f"{BASE}/categories/").text]
    pin = Pin.objects.public().filter(comment_count__gt=0).select_related("author").first()
    texts.append(api.get(f"{BASE}/pins/{pin.public_id}/").text)
    for text in texts:
        assert "@example.org" not in text
        assert "demo-bewoner" not in text
        assert '"author"' not in text and "changed_by" not in text


def test_sensitive_pins_never_appear_with_any_filter(api, private_ids):
    assert Pin.objects.filter(public_id__in=private_ids, category__is_sensitive=True).exists()
    public = list(Category.objects.shown_publicly().values_list("slug", flat=True))
    districts = list(Area.objects.districts().values_list("code", flat=True))
    queries = [{}]
    queries += [{"category": slug} for slug in public]
    queries += [{"area": code} for code in districts]
    queries += [{"status": s} for s in ["new", "acknowledged", "planned", "done", "declined"]]
    queries += [
        {"kind": k, "status": s}
        for k, s in itertools.product(["idea", "complaint"], ["new", "done"])
    ]
    queries += [
        {
            "bbox": "6.4,52.9,6.7,53.1",
            "created_after": "2000-01-01",
            "created_before": "2100-01-01",
        },
        {"category": public, "kind": ["idea", "complaint"], "limit": "10000"},
    ]
    public = public_ids(raw_pins())
    for query in queries:
        found = ids(api.get(f"{BASE}/pins/", params=query))
        assert found, query  # an empty answer would show nothing private, and prove nothing
        assert found <= public and not found & private_ids, query


def test_private_hidden_and_withdrawn_pins_have_no_public_page(api, private_ids):
    withdrawn = Pin.objects.filter(status="withdrawn").values_list("public_id", flat=True)
    sensitive = Pin.objects.filter(category__is_sensitive=True).values_list("public_id", flat=True)
    assert withdrawn and sensitive
    for pk in [*withdrawn[:3], *sensitive[:3]]:
        assert pk in private_ids
        response = api.get(f"{BASE}/pins/{pk}/")
        assert response.status_code == 404
        # Nothing of the pin: the members of a problem, and a message that names no pin.
        body = problem(response)
        assert set(body) == {"type", "title", "status", "detail"}
        assert body["detail"] == "Niet gevonden."
    assert api.get(f"{BASE}/pins/99999999/").status_code == 404


def test_asking_for_a_sensitive_category_is_a_400_not_a_list(api):
    response = api.get(f"{BASE}/pins/", params={"category": "eenzaamheid"})
    assert response.status_code == 400
    assert "category" in field_errors(response)


def test_categories_flag_private_ones_and_count_only_public_pins(api):
    response = api.get(f"{BASE}/categories/")
    assert response.status_code == 200
    categories = {c["slug"]: c for c in response.json()}
    assert categories["eenzaamheid"]["is_private"] is True
    assert categories["eenzaamheid"]["public_pin_count"] == 0
    assert categories["eenzaamheid"]["default_partner"] == "Vaart Welzijn"
    assert categories["spelen"]["is_private"] is False
    assert sum(c["public_pin_count"] for c in categories.values()) == len(public_ids(raw_pins()))


def test_detail_shows_description_photos_history_and_comments_without_who(api):
    pin = Pin.objects.public().filter(status="done", comment_count__gt=0).first()
    body = api.get(f"{BASE}/pins/{pin.public_id}/").json()
    assert body["type"] == "Feature" and body["id"] == pin.public_id
    props = body["properties"]
    assert props["description"] == pin.description
    assert props["photos"] == []
    assert [h["to_status"] for h in props["status_history"]] == [
        "new",
        "acknowledged",
        "planned",
        "done",
    ]
    assert all(
        set(h)
        == {
            "from_status",
            "from_status_label",
            "to_status",
            "to_status_label",
            "reason",
            "created_at",
        }
        for h in props["status_history"]
    )
    assert len(props["comments"]) == pin.comment_count
    names = {c.author.display_name for c in pin.comments.select_related("author")}
    assert {c["author_name"] for c in props["comments"]} == names
    assert props["supported_by_me"] is None and props["is_mine"] is False


def public_where(test) -> set[int]:
    """Public pins passing `test`, from raw columns; never empty (a test of nothing)."""
    found = {p.id for p in raw_pins() if p.is_public and test(p)}
    assert found
    return found


def test_filters_narrow_the_list(api):
    lariks = shapely.from_wkt(Area.objects.values_list("geom", flat=True).get(code="WK010601").wkt)
    assert ids(api.get(f"{BASE}/pins/", params={"area": "WK010601"})) == public_where(
        lambda p: lariks.intersects(shapely.Point(p.lon, p.lat))
    )
    ideas = ids(api.get(f"{BASE}/pins/", params={"kind": "idea"}))
    assert ideas == public_where(lambda p: p.kind == "idea")
    both = ids(api.get(f"{BASE}/pins/", params={"category": ["spelen", "verlichting"]}))
    assert both == public_where(lambda p: p.category in ("spelen", "verlichting"))
    open_ = ids(api.get(f"{BASE}/pins/", params={"status": ["new", "acknowledged"]}))
    assert open_ == public_where(lambda p: p.status in ("new", "acknowledged"))
    box = (6.54, 52.99, 6.57, 53.01)
    in_box = ids(api.get(f"{BASE}/pins/", params={"bbox": ",".join(map(str, box))}))
    assert in_box == public_where(lambda p: box[0] <= p.lon <= box[2] and box[1] <= p.lat <= box[3])
    assert len(in_box) < len(public_ids(raw_pins()))


def test_period_and_limit_keep_the_newest(api):
    public = sorted(
        (p for p in raw_pins() if p.is_public), key=lambda p: (p.created_at, p.pk), reverse=True
    )
    items = features(api.get(f"{BASE}/pins/", params={"limit": 5}))
    assert [i["id"] for i in items] == [p.id for p in public[:5]]
    day = public[100].local_day
    after = ids(api.get(f"{BASE}/pins/", params={"created_after": day.isoformat()}))
    before = ids(api.get(f"{BASE}/pins/", params={"created_before": day.isoformat()}))
    assert after == public_where(lambda p: p.local_day >= day)
    assert before == public_where(lambda p: p.local_day <= day)
    assert after | before == public_ids(raw_pins()) and after & before


def test_labels_follow_the_requested_language(api):
    en = features(
        api.get(f"{BASE}/pins/", params={"category": "spelen"}, headers={"Accept-Language": "en"})
    )
    assert {i["properties"]["category_name"] for i in en} == {"Play"}
    assert {i["properties"]["kind_label"] for i in en} <= {"Idea", "Complaint"}
    nl = features(
        api.get(f"{BASE}/pins/", params={"category": "spelen"}, headers={"Accept-Language": "nl"})
    )
    assert {i["properties"]["category_name"] for i in nl} == {"Spelen"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=castle", "kind"),
        ("category=bestaat-niet", "category"),
        ("status=withdrawn", "status"),
        ("created_after=31-12-2026", "created_after"),
        ("created_before=2026-13-01", "created_before"),
        ("limit=0", "limit"),
        ("limit=10001", "limit"),
        ("limit=veel", "limit"),
        ("bbox=6.5,52.9,6.6,NaN", "bbox"),
        ("area=WK999999", "area"),
    ],
)
def test_bad_filters_get_a_400_with_the_field_named(api, query, field):
    response = api.get(f"{BASE}/pins/?{query}")
    assert response.status_code == 400
    assert field in field_errors(response)


def test_similar_pins_nearby_are_suggested(api):
    pin = Pin.objects.public().select_related("category").first()
    params = {"category": pin.category.slug, "lon": pin.geom.x, "lat": pin.geom.y}
    assert pin.public_id in ids(api.get(f"{BASE}/pins/similar/", params=params))
    far = params | {"lon": pin.geom.x + 0.01}
    assert pin.public_id not in ids(api.get(f"{BASE}/pins/similar/", params=far))
    assert api.get(f"{BASE}/pins/similar/", params=params | {"lat": "nan"}).status_code == 400


def test_sensitive_pins_are_never_suggested_as_similar(api):
    pin = Pin.objects.filter(category__is_sensitive=True).select_related("category").first()
    params = {"category": pin.category.slug, "lon": pin.geom.x, "lat": pin.geom.y, "metres": 500}
    assert features(api.get(f"{BASE}/pins/similar/", params=params)) == []


def test_the_openapi_schema_documents_the_pins_api(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]
    for path in ["pins/", "pins/{public_id}/", "pins/{public_id}/support/",
                 "pins/{public_id}/comments/", "pins/{public_id}/report/",
                 "comments/{id}/report/", "me/pins/", "categories/"]:  # fmt: skip
        assert f"{BASE}/{path}" in paths
    create = paths[f"{BASE}/pins/"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(create)


def test_writing_needs_an_account(api):
    response = api.post(f"{BASE}/pins/", json={"title": "Anoniem"})
    assert response.status_code in (401, 403)
    assert api.post(
        f"{BASE}/pins/{Pin.objects.public().first().public_id}/support/"
    ).status_code in (
        401,
        403,
    )
