"""Supporting, editing, withdrawing, commenting and reporting through the API, in-process.
The races of simultaneous supports go over real HTTP: test_support_races.py."""

import pytest

from participatie.pins import services
from participatie.pins.models import Pin
from tests.maps.tiles import features
from tests.participatie.factories import (
    StaffFactory,
    UserFactory,
    pin_create,
    point_in,
    sensitive_category,
)
from tests.participatie.pins.raw import tile_of_lonlat
from tests.problems import field_errors

BASE = "/api/v1/public"
EN = {"Accept-Language": "en"}


@pytest.fixture
def author(db):
    return UserFactory()


@pytest.fixture
def pin(author):
    return pin_create(author)


def public_ids(client) -> set[int]:
    return {f["id"] for f in client.get(f"{BASE}/pins/").json()["features"]}


def test_a_second_support_by_the_same_resident_does_not_count_twice(signed_in, pin, api):
    client = signed_in(UserFactory())
    first = client.post(f"{BASE}/pins/{pin.public_id}/support/")
    second = client.post(f"{BASE}/pins/{pin.public_id}/support/")
    assert first.status_code == second.status_code == 200
    assert second.json() == {"supported": True, "support_count": 1}
    detail = client.get(f"{BASE}/pins/{pin.public_id}/").json()["properties"]
    assert (detail["support_count"], detail["supported_by_me"]) == (1, True)
    assert api.get(f"{BASE}/pins/{pin.public_id}/").json()["properties"]["supported_by_me"] is None
    assert client.delete(f"{BASE}/pins/{pin.public_id}/support/").json() == {
        "supported": False,
        "support_count": 0,
    }
    assert client.delete(f"{BASE}/pins/{pin.public_id}/support/").json()["support_count"] == 0


def test_a_support_shows_at_once_in_the_cached_map_tile(signed_in, pin, api):
    """The request's commit purges the tiles it touched, as in production."""
    x, y = tile_of_lonlat(pin.geom.x, pin.geom.y, 16)
    tile = f"/tiles/pins/16/{x}/{y}.pbf"

    def support_count() -> int:
        (shown,) = [
            f
            for f in features(api.get(tile).content, "pins")
            if f["properties"].get("id") == pin.public_id
        ]
        return shown["properties"]["support_count"]

    assert support_count() == 0  # rendered and cached now
    assert signed_in(UserFactory()).post(f"{BASE}/pins/{pin.public_id}/support/").status_code == 200
    assert support_count() == 1


def test_authors_cannot_support_their_own_pin(signed_in, author, pin):
    response = signed_in(author).post(f"{BASE}/pins/{pin.public_id}/support/", headers=EN)
    assert response.status_code == 400
    assert field_errors(response)["pin"] == ["You cannot support your own pin."]


def test_a_sensitive_pin_is_private_everywhere_except_for_its_author(signed_in, author, api):
    client = signed_in(author)
    response = client.post(
        f"{BASE}/pins/",
        json={
            "kind": "complaint",
            "category": sensitive_category().slug,
            "title": "Mijn buurman is erg alleen",
            "location": {"type": "Point", "coordinates": list(point_in().coords)},
        },
    )
    assert response.status_code == 201, response.text
    pk = response.json()["id"]
    assert response.json()["properties"]["is_private"] is True
    neighbour = signed_in(UserFactory())
    for reader in (api, neighbour, client):  # the author's public map has no private pins
        assert pk not in public_ids(reader)
        everything = reader.get(f"{BASE}/pins/", params={"status": "new", "kind": "complaint"})
        assert pk not in {f["id"] for f in everything.json()["features"]}
    assert api.get(f"{BASE}/pins/{pk}/").status_code == 404
    assert neighbour.get(f"{BASE}/pins/{pk}/").status_code == 404
    assert neighbour.post(f"{BASE}/pins/{pk}/support/").status_code == 404
    assert neighbour.post(f"{BASE}/pins/{pk}/comments/", json={"body": "Wie?"}).status_code == 404
    assert neighbour.post(f"{BASE}/pins/{pk}/report/", json={"reason": "spam"}).status_code == 404
    counts = {c["slug"]: c["public_pin_count"] for c in api.get(f"{BASE}/categories/").json()}
    assert counts[sensitive_category().slug] == 0
    assert "alleen" not in api.get(f"{BASE}/pins/").text
    # The author sees it: on its own page and in "my pins".
    assert client.get(f"{BASE}/pins/{pk}/").status_code == 200
    mine = client.get(f"{BASE}/me/pins/")
    assert mine.headers["Cache-Control"] == "private, no-store"
    props = {f["id"]: f["properties"] for f in mine.json()["features"]}
    assert props[pk]["is_private"] is True and props[pk]["status"] == "new"
    assert neighbour.get(f"{BASE}/me/pins/").json()["features"] == []
    assert api.get(f"{BASE}/me/pins/").status_code in (401, 403)


def test_only_the_author_can_edit_and_only_while_new(signed_in, author, pin):
    other = signed_in(UserFactory())
    assert (
        other.patch(f"{BASE}/pins/{pin.public_id}/", json={"title": "Gekaapt"}).status_code == 403
    )
    assert other.delete(f"{BASE}/pins/{pin.public_id}/").status_code == 403
    client = signed_in(author)
    response = client.patch(f"{BASE}/pins/{pin.public_id}/", json={"title": "Scheve tegels"})
    assert response.status_code == 200
    assert response.json()["properties"]["title"] == "Scheve tegels"
    outside = {"location": {"type": "Point", "coordinates": [5.0, 52.0]}}
    assert client.patch(f"{BASE}/pins/{pin.public_id}/", json=outside).status_code == 400
    services.pin_set_status(pin=pin, status="acknowledged", by=StaffFactory())
    response = client.patch(
        f"{BASE}/pins/{pin.public_id}/", json={"title": "Toch anders"}, headers=EN
    )
    assert response.status_code == 400
    assert "being handled" in field_errors(response)["status"][0]
    assert client.delete(f"{BASE}/pins/{pin.public_id}/").status_code == 400
    pin.refresh_from_db()
    assert (pin.title, pin.status) == ("Scheve tegels", "acknowledged")


def test_a_withdrawn_pin_leaves_the_map_but_not_its_authors_list(signed_in, author, pin, api):
    client = signed_in(author)
    assert client.delete(f"{BASE}/pins/{pin.public_id}/").status_code == 204
    assert pin.public_id not in public_ids(api)
    assert api.get(f"{BASE}/pins/{pin.public_id}/").status_code == 404
    mine = {f["id"]: f for f in client.get(f"{BASE}/me/pins/").json()["features"]}
    assert mine[pin.public_id]["properties"]["status"] == "withdrawn"


def test_the_status_history_is_public_without_the_staff_name(pin, api):
    staff = StaffFactory(username="medewerker-jansen", display_name="Jansen (Actium)")
    services.pin_set_status(pin=pin, status="planned", reason="Gepland in mei", by=staff)
    services.pin_set_status(pin=pin, status="done", reason="Tegels liggen weer recht", by=staff)
    response = api.get(f"{BASE}/pins/{pin.public_id}/", headers=EN)
    history = response.json()["properties"]["status_history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("", "new"),
        ("new", "planned"),
        ("planned", "done"),
    ]
    assert history[-1]["reason"] == "Tegels liggen weer recht"
    assert history[-1]["to_status_label"] == "Done"
    assert "jansen" not in response.text.lower() and staff.email not in response.text
    assert response.json()["properties"]["status"] == "done"


def test_comments_show_a_display_name_and_text_verbatim(signed_in, pin, api):
    commenter = UserFactory(display_name="Fatima", first_name="Geheim", last_name="Achternaam")
    client = signed_in(commenter)
    response = client.post(
        f"{BASE}/pins/{pin.public_id}/comments/", json={"body": "<b>Eens</b> & snel!"}
    )
    assert response.status_code == 201
    assert response.json()["author_name"] == "Fatima"
    detail = api.get(f"{BASE}/pins/{pin.public_id}/")
    (comment,) = detail.json()["properties"]["comments"]
    assert comment["body"] == "<b>Eens</b> & snel!"
    assert detail.json()["properties"]["comment_count"] == 1
    for private in ("Geheim", "Achternaam", commenter.email, commenter.username):
        assert private not in detail.text
    empty = client.post(f"{BASE}/pins/{pin.public_id}/comments/", json={"body": "   "})
    assert empty.status_code == 400 and "body" in field_errors(empty)
    too_long = client.post(f"{BASE}/pins/{pin.public_id}/comments/", json={"body": "x" * 2001})
    assert too_long.status_code == 400


def test_a_pin_is_hidden_after_the_report_threshold(signed_in, pin, api, settings):
    settings.MODERATION_REPORT_THRESHOLD = 3
    reporters = [signed_in(UserFactory()) for _ in range(3)]
    first = reporters[0].post(f"{BASE}/pins/{pin.public_id}/report/", json={"reason": "spam"})
    again = reporters[0].post(f"{BASE}/pins/{pin.public_id}/report/", json={"reason": "spam"})
    assert (first.status_code, again.status_code) == (201, 200)
    reporters[1].post(f"{BASE}/pins/{pin.public_id}/report/", json={"reason": "offensive"})
    assert pin.public_id in public_ids(api)
    reporters[2].post(f"{BASE}/pins/{pin.public_id}/report/", json={"reason": "privacy"})
    assert pin.public_id not in public_ids(api)
    assert api.get(f"{BASE}/pins/{pin.public_id}/").status_code == 404
    pin.refresh_from_db()
    assert pin.is_hidden and pin.report_count == 3


def test_a_reported_comment_disappears_after_the_threshold(signed_in, pin, api, settings):
    settings.MODERATION_REPORT_THRESHOLD = 2
    comment = services.comment_create(pin=pin, author=UserFactory(), body="Iets kwetsends")
    for _ in range(2):
        client = signed_in(UserFactory())
        response = client.post(
            f"{BASE}/comments/{comment.pk}/report/", json={"reason": "offensive"}
        )
        assert response.status_code == 201
    props = api.get(f"{BASE}/pins/{pin.public_id}/").json()["properties"]
    assert props["comments"] == [] and props["comment_count"] == 0
    late = signed_in(UserFactory()).post(
        f"{BASE}/comments/{comment.pk}/report/", json={"reason": "offensive"}
    )
    assert late.status_code == 404


def test_a_report_needs_a_valid_reason(signed_in, pin):
    response = signed_in(UserFactory()).post(
        f"{BASE}/pins/{pin.public_id}/report/", json={"reason": "saai"}
    )
    assert response.status_code == 400 and "reason" in field_errors(response)
    assert Pin.objects.get(pk=pin.pk).report_count == 0
