"""A cached pins tile changes the moment a write commits, for every way a pin changes.

Each test fetches the tiles (so they are rendered and cached), writes through the service
with its commit-time purges run, and fetches the same tiles again: the change must show.
Row tiles (zoom 16) carry the pins themselves, cluster tiles (zoom 12) their counts.
"""

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point

from maps.models import Area
from participatie.pins import services
from participatie.pins.models import Category, Pin
from tests.maps.tiles import features
from tests.participatie.factories import AdminFactory, UserFactory, pin_create
from tests.participatie.pins.raw import tile_of_lonlat

pytestmark = pytest.mark.django_db
ROWS, CLUSTERS = 16, 12
HOOD = "BU01060000"


class Tiles:
    """The pins tiles around a place, fetched over the test client like a browser does."""

    def __init__(self, client, spot: Point):
        self.client = client
        self.spot = spot

    def fetch(self, z: int) -> list[dict]:
        x, y = tile_of_lonlat(self.spot.x, self.spot.y, z)
        response = self.client.get(f"/tiles/pins/{z}/{x}/{y}.pbf")
        assert response.status_code == 200
        return features(response.content, "pins")

    def rows(self) -> dict[int, dict]:
        return {f["properties"]["id"]: f["properties"] for f in self.fetch(ROWS)}

    def clustered(self) -> int:
        return sum(f["properties"]["count"] for f in self.fetch(CLUSTERS))

    def warm(self) -> tuple[dict, int]:
        """Render and cache both tiles; what they show now."""
        return self.rows(), self.clustered()


@pytest.fixture
def spot() -> Point:
    return Area.objects.get(code=HOOD).geom.point_on_surface


@pytest.fixture
def here(client, spot) -> Tiles:
    return Tiles(client, spot)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write and then its on-commit callbacks (the tile purges), as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def author():
    return UserFactory()


@pytest.fixture
def pin(author, spot, committed):
    with committed():
        return pin_create(author, geom=spot)


def test_the_tiles_really_come_from_the_cache(here, pin):
    """Without this, the tests below could pass with no cache at all."""
    assert settings.TILE_CACHE
    rows, _ = here.warm()
    assert rows[pin.public_id]["title"] == pin.title
    Pin.objects.filter(pk=pin.pk).update(title="Buiten de services om")  # no purge
    assert here.rows()[pin.public_id]["title"] == pin.title


def test_a_new_pin_shows_at_once(here, author, spot, committed):
    rows, clustered = here.warm()
    with committed():
        new = pin_create(author, geom=spot, title="Net geplaatst")
    assert new.public_id not in rows
    assert here.rows()[new.public_id]["title"] == "Net geplaatst"
    assert here.clustered() == clustered + 1


def far_spot(spot: Point) -> Point:
    """A spot in another neighbourhood whose tiles differ from `spot`'s at both zooms."""
    for hood in Area.objects.neighbourhoods().order_by("code"):
        other = hood.geom.point_on_surface
        if all(
            tile_of_lonlat(other.x, other.y, z) != tile_of_lonlat(spot.x, spot.y, z)
            for z in (ROWS, CLUSTERS)
        ):
            return other
    raise AssertionError("no neighbourhood in other tiles")


def test_a_moved_pin_leaves_its_old_tiles_and_enters_the_new_ones(
    client, here, pin, author, spot, committed
):
    there = Tiles(client, far_spot(spot))
    old_rows, old_clustered = here.warm()
    new_rows, new_clustered = there.warm()
    assert pin.public_id in old_rows and pin.public_id not in new_rows
    client.force_login(author)
    location = {"type": "Point", "coordinates": [there.spot.x, there.spot.y]}
    with committed():
        response = client.patch(
            f"/api/v1/public/pins/{pin.public_id}/",
            {"location": location},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    client.logout()
    assert pin.public_id not in here.rows()  # the old place: a purge of only the new one fails here
    assert here.clustered() == old_clustered - 1
    assert pin.public_id in there.rows()
    assert there.clustered() == new_clustered + 1


def test_a_withdrawn_pin_leaves_the_tiles(here, pin, author, committed):
    rows, clustered = here.warm()
    assert pin.public_id in rows
    with committed():
        services.pin_withdraw(pin=pin, by=author)
    assert pin.public_id not in here.rows()
    assert here.clustered() == clustered - 1


def test_a_hidden_pin_leaves_the_tiles_and_a_restored_one_returns(here, pin, committed):
    moderator = AdminFactory()
    rows, clustered = here.warm()
    assert pin.public_id in rows
    with committed():
        services.pin_hide(pin=pin, by=moderator, reason="Persoonsgegevens")
    assert pin.public_id not in here.rows()
    assert here.clustered() == clustered - 1
    with committed():
        services.pin_restore(pin=pin, by=moderator)
    assert pin.public_id in here.rows()
    assert here.clustered() == clustered


def test_a_new_status_shows_in_the_tile(here, pin, committed):
    assert here.rows()[pin.public_id]["status"] == "new"
    with committed():
        services.pin_set_status(
            pin=pin, status="planned", reason="In mei", by=AdminFactory(is_superuser=True)
        )
    assert here.rows()[pin.public_id]["status"] == "planned"


def test_supports_show_in_the_tile(here, pin, committed):
    supporter = UserFactory()
    assert here.rows()[pin.public_id]["support_count"] == 0
    with committed():
        services.support_add(pin=pin, user=supporter)
    assert here.rows()[pin.public_id]["support_count"] == 1
    with committed():
        services.support_remove(pin=pin, user=supporter)
    assert here.rows()[pin.public_id]["support_count"] == 0


def test_comments_show_in_the_tile_and_a_hidden_one_stops_counting(here, pin, committed):
    assert here.rows()[pin.public_id]["comment_count"] == 0
    with committed():
        comment = services.comment_create(pin=pin, author=UserFactory(), body="Eens!")
    assert here.rows()[pin.public_id]["comment_count"] == 1
    with committed():
        services.comment_hide(comment=comment, by=AdminFactory(), reason="Scheldwoord")
    assert here.rows()[pin.public_id]["comment_count"] == 0


def test_a_pin_hidden_by_reports_leaves_the_tiles(here, pin, committed, settings):
    settings.MODERATION_REPORT_THRESHOLD = 2
    rows, clustered = here.warm()
    assert pin.public_id in rows
    for _ in range(2):
        with committed():
            services.report_create(reporter=UserFactory(), reason="spam", pin=pin)
    assert pin.public_id not in here.rows()
    assert here.clustered() == clustered - 1


def test_a_category_made_private_takes_its_pins_off_the_tiles(here, author, spot, committed):
    internal = Category.objects.create(slug="tijdelijk", name="Tijdelijk", is_public=True)
    with committed():
        pins = [pin_create(author, category=internal, geom=spot) for _ in range(2)]
    rows, clustered = here.warm()
    assert {p.public_id for p in pins} <= set(rows)
    internal.is_public = False
    with committed():
        services.category_save(category=internal, visibility_changed=True)
    assert not {p.public_id for p in pins} & set(here.rows())
    assert here.clustered() == clustered - 2
    internal.is_public = True
    with committed():
        services.category_save(category=internal, visibility_changed=True)
    assert {p.public_id for p in pins} <= set(here.rows())
    assert here.clustered() == clustered


def test_a_deleted_pin_leaves_the_tiles(here, pin, committed):
    rows, clustered = here.warm()
    assert pin.public_id in rows
    with committed():
        services.pin_delete(pin=pin)
    assert pin.public_id not in here.rows()
    assert here.clustered() == clustered - 1


def test_the_other_pins_of_the_street_keep_their_place(here, pin, author, spot, committed):
    """A purge is not a wipe: a neighbour's pin stays in the fresh tile, unchanged."""
    with committed():
        neighbour = pin_create(author, geom=Point(spot.x + 1e-5, spot.y, srid=4326))
    rows, _ = here.warm()
    assert {pin.public_id, neighbour.public_id} <= set(rows)
    with committed():
        services.pin_withdraw(pin=pin, by=author)
    after = here.rows()
    assert set(after) == set(rows) - {pin.public_id}
    assert after[neighbour.public_id] == rows[neighbour.public_id]


def test_a_pin_in_the_buffer_of_the_next_tile_leaves_that_tile_too(client, spot, author, committed):
    """Tiles carry what lies in a 64-pixel margin around them (so symbols at the edge are
    not cut off): the tile next door shows the pin as well, and must drop it as well."""
    n = 2**ROWS
    x, _ = tile_of_lonlat(spot.x, spot.y, ROWS)
    pixel = 360 / n / 4096
    with committed():
        pin = pin_create(
            author, geom=Point((x + 1) / n * 360 - 180 + 10 * pixel, spot.y, srid=4326)
        )
    home = Tiles(client, pin.geom)
    next_door = Tiles(client, spot)
    assert tile_of_lonlat(pin.geom.x, pin.geom.y, ROWS)[0] == x + 1
    assert pin.public_id in home.rows() and pin.public_id in next_door.rows()
    with committed():
        services.pin_withdraw(pin=pin, by=author)
    assert pin.public_id not in home.rows()
    assert pin.public_id not in next_door.rows()
