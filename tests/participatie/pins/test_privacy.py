"""No private pin anywhere the public looks: the API with every filter combination, similar
pins, the list page, the pin pages and the vector tiles (rows and cluster counts) at every
zoom. What is public is worked out from raw columns (tests.participatie.pins.raw), never
through the querysets under test.

Private pins of every sort sit in one spot together with public ones of every kind and
status: a sensitive category, a category that is not public, hidden by moderation, withdrawn.
"""

import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
import shapely
from django.conf import settings
from django.contrib.gis.geos import Point

from maps.models import Area
from participatie.pins import services
from participatie.pins.models import Category, Pin
from tests.maps.tiles import features
from tests.participatie.factories import (
    AdminFactory,
    category,
    pin_create,
    sensitive_category,
)
from tests.participatie.pins.raw import (
    in_buffered_tile,
    in_tile,
    public_ids,
    raw_pins,
    tile_of_lonlat,
)
from tests.problems import field_errors
from tests.ratelimits import unthrottled  # noqa: F401 (a fixture, used by name)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

HOOD = "BU01060000"
STATUSES = ["new", "acknowledged", "planned", "done", "declined"]
KINDS = ["idea", "complaint"]
STREET = "straat-en-stoep"
DAY = dt.date(2024, 6, 12)  # every pin of the scene was created on this day
CLUSTER_MAX_ZOOM = 12  # "Pins come as clusters with counts up to zoom 12" (README)


class Scene:
    def __init__(self, hood: Area, spot: Point, public: dict, private: dict, author):
        self.hood = hood
        self.spot = spot
        self.public = public  # (kind, status) → pin
        self.private = private  # (reason, kind, status) → pin
        self.author = author

    @property
    def private_ids(self) -> set[str]:
        return {pin.public_id for pin in self.private.values()}

    @property
    def public_ids(self) -> set[str]:
        return {pin.public_id for pin in self.public.values()}

    @property
    def ids(self) -> set[str]:
        return self.public_ids | self.private_ids

    def public_where(self, test) -> set[str]:
        return {pin.public_id for (kind, status), pin in self.public.items() if test(kind, status)}


@pytest.fixture
def scene(resident, admin_user) -> Scene:
    operator = AdminFactory(is_superuser=True)  # may answer every pin, confidential ones too
    hood = Area.objects.select_related("parent").get(code=HOOD)
    spot = hood.geom.point_on_surface
    street = category(STREET)
    internal = Category.objects.create(
        slug="intern-beheer", name="Intern beheer", is_public=False, is_sensitive=False
    )
    counter = itertools.count()

    def make(kind, chosen, status):
        n = next(counter)  # a few centimetres apart, all in the same neighbourhood
        pin = pin_create(
            resident,
            kind=kind,
            category=chosen,
            title=f"Scène {n}: {kind} {chosen.slug} {status}",
            geom=Point(spot.x + n * 1e-6, spot.y, srid=4326),
        )
        if status != "new":
            services.pin_set_status(pin=pin, status=status, reason="Uitleg", by=operator)
        return pin

    public, private = {}, {}
    for kind, status in itertools.product(KINDS, STATUSES):
        public[kind, status] = make(kind, street, status)
        hidden = make(kind, street, status)
        private["hidden", kind, status] = services.pin_hide(
            pin=hidden, by=admin_user, reason="Persoonsgegevens"
        )
        private["internal", kind, status] = make(kind, internal, status)
        if kind == "complaint":  # the sensitive categories take complaints only
            private["sensitive", kind, status] = make(kind, sensitive_category(), status)
    for kind in KINDS:
        private["withdrawn", kind, "withdrawn"] = services.pin_withdraw(
            pin=make(kind, street, "new"), by=resident
        )
    mine = [pin.pk for pin in [*public.values(), *private.values()]]
    noon = dt.datetime.combine(DAY, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    Pin.objects.filter(pk__in=mine).update(created_at=noon)
    assert set(Pin.objects.filter(pk__in=mine).values_list("neighbourhood", flat=True)) == {hood.pk}
    return Scene(hood, spot, public, private, resident)


def api_ids(client, params) -> set[int]:
    response = client.get("/api/v1/public/pins/", {"limit": 10000, **params})
    assert response.status_code == 200, (params, response.content)
    return {feature["id"] for feature in response.json()["features"]}


def test_no_filter_combination_of_the_api_shows_a_private_pin(client, scene):
    public = public_ids(raw_pins())
    assert not scene.private_ids & public  # the scene's private pins are private by raw columns
    district = scene.hood.parent.code
    options = itertools.product(
        [None, "idea", "complaint", KINDS],  # kind
        [None, *STATUSES, ["new", "done"]],  # status
        [None, STREET],  # category
        [None, HOOD, district],  # area
        [None, {"created_after": DAY.isoformat(), "created_before": DAY.isoformat()}],
    )
    asked = 0
    for kind, status, slug, area, period in options:
        params = {"kind": kind, "status": status, "category": slug, "area": area, **(period or {})}
        params = {key: value for key, value in params.items() if value is not None}
        kinds = [kind] if isinstance(kind, str) else kind or KINDS
        statuses = [status] if isinstance(status, str) else status or STATUSES
        expected = scene.public_where(lambda k, s: k in kinds and s in statuses)  # noqa: B023
        assert expected  # every kind and status has a public pin in the scene

        found = api_ids(client, params)

        assert found <= public, params
        assert found & scene.ids == expected, params
        asked += 1
    assert asked == 4 * 7 * 2 * 3 * 2


def test_private_categories_cannot_even_be_asked_for(client, scene):
    for slug in ("intern-beheer", sensitive_category().slug):
        for extra in ({}, {"kind": "complaint"}, {"area": HOOD, "status": "new"}):
            response = client.get("/api/v1/public/pins/", {"category": slug, **extra})
            assert response.status_code == 400
            assert "category" in field_errors(response) and "features" not in response.json()
            assert "Scène" not in response.content.decode()


def distance_m(lon1, lat1, lon2, lat2) -> float:
    """Metres between two nearby WGS84 points (equirectangular; exact enough within 100 m)."""
    import math

    k = 6371008.8 * math.pi / 180
    return math.hypot(
        (lon2 - lon1) * k * math.cos(math.radians((lat1 + lat2) / 2)), (lat2 - lat1) * k
    )


def test_similar_pins_are_public_ones_of_that_category_only(client, scene):
    spot = scene.spot
    params = {"lon": spot.x, "lat": spot.y, "metres": 5}
    found = {
        f["id"]
        for f in client.get("/api/v1/public/pins/similar/", params | {"category": STREET}).json()[
            "features"
        ]
    }
    expected = {
        p.id
        for p in raw_pins()
        if p.is_public and p.category == STREET and distance_m(spot.x, spot.y, p.lon, p.lat) <= 5
    }
    assert found == expected == scene.public_ids
    for slug in ("intern-beheer", sensitive_category().slug):
        response = client.get("/api/v1/public/pins/similar/", params | {"category": slug})
        assert response.status_code == 200
        assert response.json()["features"] == []


def test_a_private_pin_has_no_page_but_for_its_author(client, scene, neighbour):
    everyone_private = {p.id for p in raw_pins() if not p.is_public}
    assert scene.private_ids <= everyone_private
    for pk in everyone_private:
        assert client.get(f"/meldingen/{pk}/").status_code == 404, pk
        assert client.get(f"/api/v1/public/pins/{pk}/").status_code == 404, pk
    client.force_login(neighbour)
    for pk in scene.private_ids:
        assert client.get(f"/meldingen/{pk}/").status_code == 404, pk
        assert client.get(f"/api/v1/public/pins/{pk}/").status_code == 404, pk
    client.force_login(scene.author)
    for pin in scene.private.values():
        page = client.get(f"/meldingen/{pin.public_id}/")
        assert page.status_code == 200 and pin.title in page.content.decode()
        assert client.get(f"/api/v1/public/pins/{pin.public_id}/").status_code == 200
    client.logout()
    for pin in scene.public.values():
        assert client.get(f"/meldingen/{pin.public_id}/").status_code == 200


LIST_ITEM = re.compile(r'class="pin-item__title"><a href="/meldingen/([a-z2-7]+)/"')
LIST_COUNT = re.compile(r'id="results-title">(\d+) ')


def list_page_ids(client, params) -> tuple[set[str], int]:
    """Every pin on every page of /meldingen/ for these filters, and the count it states."""
    found, page = [], 1
    while True:
        response = client.get("/meldingen/", {**params, "pagina": page})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Some filters were not understood" not in html, params
        found += LIST_ITEM.findall(html)
        if 'rel="next"' not in html:
            count = int(LIST_COUNT.search(html).group(1))
            return set(found), count
        page += 1


def test_the_list_page_shows_no_private_pin_with_any_filter(client, scene):
    public = public_ids(raw_pins())
    found, count = list_page_ids(client, {})
    assert found == public and count == len(public)
    options = itertools.product(
        [None, "idea", "complaint"],
        [None, *STATUSES],
        [None, STREET],
        [HOOD],  # one page or two; the whole list was walked above
    )
    for kind, status, slug, area in options:
        params = {"kind": kind, "status": status, "category": slug, "area": area}
        params = {key: value for key, value in params.items() if value is not None}
        found, count = list_page_ids(client, params)
        assert found <= public, params
        assert len(found) == count, params
        expected = scene.public_where(
            lambda k, s: kind in (None, k) and status in (None, s)  # noqa: B023
        )
        assert found & scene.ids == expected, params
    found, count = list_page_ids(client, {"area": scene.hood.parent.code, "status": "declined"})
    assert found <= public and len(found) == count
    assert found & scene.ids == scene.public_where(lambda k, s: s == "declined")
    # "Hide done and declined" keeps the open ones.
    found, _ = list_page_ids(client, {"area": HOOD, "hide_closed": "on"})
    assert found & scene.ids == scene.public_where(lambda k, s: s not in ("done", "declined"))


# --- vector tiles ------------------------------------------------------------------------


def area_hood_ids(code: str) -> set[int]:
    """The neighbourhoods an area consists of, from the raw parent column."""
    rows = list(Area.objects.values_list("pk", "code", "level", "parent_id"))
    area = next(row for row in rows if row[1] == code)
    if area[2] == "neighbourhood":
        return {area[0]}
    return {pk for pk, _, level, parent in rows if level == "neighbourhood" and parent == area[0]}


def area_shape(code: str):
    return shapely.from_wkt(Area.objects.values_list("geom", flat=True).get(code=code).wkt)


TILE_FILTERS = [
    {},
    {"kind": "idea"},
    {"status": ["new", "done"]},
    {"category": STREET},
    {"area": HOOD},
    {"area": "WK010600"},
    {"created_after": DAY.isoformat(), "created_before": DAY.isoformat()},
]


def matcher(params: dict, clustered: bool):
    """Whether a raw pin passes the tile filters. The cluster cells count a pin in the
    neighbourhood it was assigned; rows are selected by the area's outline."""
    area = params.get("area")
    hoods = area_hood_ids(area) if area else None
    shape = area_shape(area) if area else None

    def test(p) -> bool:
        if "kind" in params and p.kind != params["kind"]:
            return False
        if "status" in params and p.status not in params["status"]:
            return False
        if "category" in params and p.category != params["category"]:
            return False
        if "created_after" in params and not (
            params["created_after"] <= p.local_day.isoformat() <= params["created_before"]
        ):
            return False
        if area and clustered and p.neighbourhood_id not in hoods:
            return False
        return not (area and not clustered and not shape.intersects(shapely.Point(p.lon, p.lat)))

    return test


def test_tiles_at_every_zoom_hold_and_count_only_public_pins(client, scene):
    pins = raw_pins()
    public = [p for p in pins if p.is_public]
    everyone_private = {p.id for p in pins if not p.is_public}
    for params, z in itertools.product(TILE_FILTERS, range(23)):
        x, y = tile_of_lonlat(scene.spot.x, scene.spot.y, z)
        response = client.get(f"/tiles/pins/{z}/{x}/{y}.pbf", params)
        assert response.status_code == 200, (params, z)
        found = features(response.content, "pins")
        clusters = [f["properties"]["count"] for f in found if f["properties"].get("cluster")]
        rows = {f["properties"]["id"] for f in found if not f["properties"].get("cluster")}
        clustered = z <= CLUSTER_MAX_ZOOM
        passes = matcher(params, clustered)
        if clustered:
            expected = sum(1 for p in public if passes(p) and in_tile(p, z, x, y))
            assert not rows, (params, z)
            assert sum(clusters) == expected > 0, (params, z)
        else:
            expected = {p.id for p in public if passes(p) and in_buffered_tile(p, z, x, y)}
            assert not clusters, (params, z)
            assert not rows & everyone_private, (params, z)
            assert rows == expected, (params, z)
            assert rows & scene.public_ids, (params, z)  # every filter matches some of them
