"""Privacy of pins (security review): photos of confidential pins only for those who may see
the pin, public ids that give nothing away, no shared cache holding a pin after it is
hidden, and a tile cache that a query string cannot fill."""

from __future__ import annotations

import io
import re
from pathlib import Path

import psycopg
import pytest
import requests
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from PIL import Image

from participatie.pins import services
from participatie.pins.history import history_delete_allowed
from participatie.pins.models import Pin
from tests.maps.tiles import features, tile_for
from tests.participatie.accounts.otp import login_staff, session_key_for
from tests.participatie.factories import (
    AdminFactory,
    BuurtteamFactory,
    UserFactory,
    category,
    image_bytes,
    pin_create,
    point_in,
    sensitive_category,
)

# The production tier's fixtures (gunicorn as `make run` serves it), used by name.
from tests.production.conftest import database_url, reference_data, start_server  # noqa: F401

pytestmark = pytest.mark.django_db

BASE = "/api/v1/public"
PUBLIC_ID = re.compile(r"[a-z2-7]{12}")


def photo(name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(size=(900, 600)), content_type="image/jpeg")


# --- photos over the production tier ----------------------------------------------------


@pytest.fixture(scope="module")
def photo_scene(reference_data, django_db_blocker, tmp_path_factory):  # noqa: F811
    """Committed for the production server: a confidential signal and a public pin, each
    with a photo, their author, another resident and the buurtteam member of the district."""
    from django.conf import settings

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        author, other = UserFactory(), UserFactory()
        spot = point_in()
        signal = pin_create(
            author, category=sensitive_category(), title="Zorgen om de buurman", geom=spot,
            photos=[photo()], contact_consent=True,
        )  # fmt: skip
        public = pin_create(author, title="Scheve lantaarnpaal", geom=spot, photos=[photo()])
        buurtteam = BuurtteamFactory(districts=[signal.district.code])
        sessions = {
            "author": session_key_for(author),
            "other": session_key_for(other),
            "buurtteam": session_key_for(buurtteam),
        }
        urls = {
            pin.pk: [(p.url, p.image.name) for p in pin.photos.all()]
            + [(p.thumbnail_url, p.thumbnail.name) for p in pin.photos.all()]
            for pin in (signal, public)
        }
    yield {
        "media": media,
        "signal": signal,
        "public": public,
        "sessions": sessions,
        "urls": urls,
        "cookie": settings.SESSION_COOKIE_NAME,
    }
    with django_db_blocker.unblock(), transaction.atomic():
        history_delete_allowed()
        Pin.objects.filter(pk__in=[signal.pk, public.pk]).delete()
        for user in (author, other, buurtteam):
            type(user).objects.filter(pk=user.pk).delete()


def _get(server, scene, path, who=None, **headers):
    cookies = {scene["cookie"]: scene["sessions"][who]} if who else {}
    return requests.get(server.url + path, cookies=cookies, headers=headers, timeout=30)


def test_a_confidential_pins_photos_only_reach_its_author_and_its_buurtteam(
    start_server,  # noqa: F811
    photo_scene,
):
    scene = photo_scene
    server = start_server(MEDIA_ROOT=str(scene["media"]))  # SERVE_MEDIA on, as make run
    urls = scene["urls"][scene["signal"].pk]
    assert len(urls) == 2  # the photo and its thumbnail
    for url, stored_name in urls:
        assert url.startswith(scene["signal"].get_absolute_url())
        stored = (scene["media"] / stored_name).read_bytes()
        for who in (None, "other"):
            response = _get(server, scene, url, who)
            assert response.status_code == 404, (url, who)
            assert stored not in response.content
        for who in ("author", "buurtteam"):
            response = _get(server, scene, url, who)
            assert response.status_code == 200, (url, who, server.log_text())
            assert response.content == stored
            assert response.headers["Content-Type"] == "image/jpeg"
            assert response.headers["Cache-Control"] == "private, no-store"
        # The file itself is not under any /media/ address, however the path is written.
        assert stored_name.startswith("private/")
        for path in (
            f"/media/{stored_name}",
            f"/media/{stored_name.removeprefix('private/')}",
            f"/media/pins/%2e%2e/{stored_name}",
            f"/media/pins/..%2f{stored_name}",
            f"/media//{stored_name}",
        ):
            for who in (None, "author"):
                assert _get(server, scene, path, who).status_code == 404, (path, who)


def test_with_serve_media_off_the_site_still_serves_pin_photos_itself(
    start_server,  # noqa: F811
    photo_scene,
):
    """A web server in front serves /media/; pin photos never come from there."""
    scene = photo_scene
    server = start_server(MEDIA_ROOT=str(scene["media"]), SERVE_MEDIA="false")
    (url, stored_name), _ = scene["urls"][scene["signal"].pk]
    assert _get(server, scene, url).status_code == 404
    own = _get(server, scene, url, "author")
    assert own.status_code == 200
    assert own.content == (scene["media"] / stored_name).read_bytes()
    assert _get(server, scene, f"/media/{stored_name}", "author").status_code == 404


def test_a_public_pins_photo_is_served_until_the_pin_is_hidden(
    start_server,  # noqa: F811
    photo_scene,
    database_url,  # noqa: F811
):
    scene = photo_scene
    server = start_server(MEDIA_ROOT=str(scene["media"]))
    (url, stored_name), (thumbnail_url, _) = scene["urls"][scene["public"].pk]
    stored = (scene["media"] / stored_name).read_bytes()
    response = _get(server, scene, url)
    assert response.status_code == 200 and response.content == stored
    # Shared caches may keep it, but must ask again each time (the tiles' policy).
    assert response.headers["Cache-Control"] == "public, no-cache"
    etag = response.headers["ETag"]
    again = _get(server, scene, url, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert _get(server, scene, thumbnail_url).status_code == 200
    # Hidden by moderation, committed where the server sees it (this test's own
    # transaction is never committed).
    hide = "UPDATE pins_pin SET is_hidden = %s WHERE id = %s"
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(hide, (True, scene["public"].pk))
    try:
        # The revalidation a cache sends now is refused: the cached copy must go.
        assert _get(server, scene, url, **{"If-None-Match": etag}).status_code == 404
        assert _get(server, scene, thumbnail_url).status_code == 404
        assert _get(server, scene, url, "other").status_code == 404
        # Its author still sees it, privately.
        own = _get(server, scene, url, "author")
        assert own.status_code == 200 and own.headers["Cache-Control"] == "private, no-store"
    finally:
        with psycopg.connect(database_url, autocommit=True) as db:
            db.execute(hide, (False, scene["public"].pk))


# --- photos in-process: the rule follows the pin, and the migration's move ----------------


def test_photos_follow_the_pin_when_its_category_turns_confidential(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = UserFactory()
    pin = pin_create(author, photos=[photo()])
    (shown,) = pin.photos.all()
    assert client.get(shown.url).status_code == 200
    assert client.get(shown.thumbnail_url).status_code == 200
    pin.category.is_sensitive, pin.category.is_public = True, False
    pin.category.save()
    assert client.get(shown.url).status_code == 404
    assert client.get(shown.thumbnail_url).status_code == 404
    client.force_login(author)
    response = client.get(shown.url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    # A photo name of another pin under this pin's address is not found either.
    other = pin_create(author, photos=[photo()])
    assert (
        client.get(other.photos.get().url.replace(other.public_id, pin.public_id)).status_code
        == 404
    )


def test_the_wijkteam_of_another_district_gets_no_confidential_photo(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    signal = pin_create(UserFactory(), category=sensitive_category(), photos=[photo()])
    url = signal.photos.get().url
    elsewhere = BuurtteamFactory(districts=["WK010699"])  # no such district: handles none
    assert client.get(url).status_code == 404
    login_staff(client, elsewhere)
    assert client.get(url).status_code == 404
    login_staff(client, BuurtteamFactory(districts=[signal.district.code]))
    assert client.get(url).status_code == 200


def test_the_migration_moves_existing_photos_out_of_media(settings, tmp_path):
    from django.apps import apps as current_apps

    migration = __import__(
        "participatie.pins.migrations.0005_pin_public_id_private_photos", fromlist=["x"]
    )
    settings.MEDIA_ROOT = tmp_path
    pin = pin_create(UserFactory(), photos=[photo()])
    stored = pin.photos.get()
    content = (tmp_path / stored.image.name).read_bytes()
    # As uploaded before: under pins/, served by /media/.
    old_image = stored.image.name.removeprefix("private/")
    old_thumb = stored.thumbnail.name.removeprefix("private/")
    for new, old in ((stored.image.name, old_image), (stored.thumbnail.name, old_thumb)):
        (tmp_path / old).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / new).rename(tmp_path / old)
    type(stored).objects.filter(pk=stored.pk).update(image=old_image, thumbnail=old_thumb)
    migration.photos_to_private(current_apps, None)
    stored.refresh_from_db()
    assert stored.image.name == "private/" + old_image
    assert stored.thumbnail.name == "private/" + old_thumb
    assert (tmp_path / stored.image.name).read_bytes() == content
    assert not (tmp_path / old_image).exists() and not (tmp_path / old_thumb).exists()
    migration.photos_to_private(current_apps, None)  # twice: nothing moves again
    assert (tmp_path / stored.image.name).exists()


# --- public ids ---------------------------------------------------------------------------


def _ids_in(value, found: list):
    """Every value under an "id" key anywhere in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id":
                found.append(item)
            _ids_in(item, found)
    elif isinstance(value, list):
        for item in value:
            _ids_in(item, found)
    return found


def test_pins_in_a_row_have_public_ids_that_say_nothing(api, signed_in, client):
    author = UserFactory()
    first, second = pin_create(author), pin_create(author)
    assert second.pk == first.pk + 1  # what the ids used to tell
    for pin in (first, second):
        assert PUBLIC_ID.fullmatch(pin.public_id)
        assert str(pin.pk) not in pin.public_id
    assert first.public_id != second.public_id
    # Not consecutive in any reading: as base32 numbers they are far apart.
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"

    def number(text):
        return sum(alphabet.index(c) * 32**i for i, c in enumerate(reversed(text)))

    assert abs(number(first.public_id) - number(second.public_id)) > 1_000_000
    # The old numeric addresses are gone: 404, no redirect that would confirm the pin.
    for path in (f"/meldingen/{first.pk}/", f"{BASE}/pins/{first.pk}/"):
        response = client.get(path)
        assert response.status_code == 404 and "Location" not in response, path
    assert client.get(first.get_absolute_url()).status_code == 200
    assert first.get_absolute_url() == f"/meldingen/{first.public_id}/"

    # Lists, details, similar pins, own pins and tiles carry the public id, never the key.
    spot = first.geom
    mine = signed_in(author)
    answers = {
        "list": api.get(f"{BASE}/pins/").json(),
        "detail": api.get(f"{BASE}/pins/{first.public_id}/").json(),
        "similar": api.get(
            f"{BASE}/pins/similar/",
            params={"category": category().slug, "lon": spot.x, "lat": spot.y},
        ).json(),
        "mine": mine.get(f"{BASE}/me/pins/").json(),
    }
    for name, body in answers.items():
        ids = _ids_in(body, [])
        assert first.public_id in ids, name  # the pin is in every answer ...
        assert not {first.pk, second.pk, str(first.pk), str(second.pk)} & set(ids), name
    assert answers["detail"]["id"] == first.public_id
    z, x, y = tile_for(spot.x, spot.y, 16)
    found = features(client.get(f"/tiles/pins/{z}/{x}/{y}.pbf").content, "pins")
    assert {f["properties"]["id"] for f in found} >= {first.public_id, second.public_id}
    assert not any(
        f.get("id") for f in found
    )  # no MVT feature id (decoded as 0): it would be the key
    # Nested writes follow the public id too.
    resident = signed_in(UserFactory())
    assert resident.post(f"{BASE}/pins/{first.public_id}/support/").status_code == 200
    assert resident.post(f"{BASE}/pins/{first.pk}/support/").status_code == 404


# --- caching of pin lists and details -----------------------------------------------------


def test_a_hidden_pin_leaves_every_shared_cache_at_once(api, client):
    author = UserFactory()
    pin = pin_create(author)
    spot = pin.geom
    similar = {"category": category().slug, "lon": spot.x, "lat": spot.y}
    answers = {
        "list": api.get(f"{BASE}/pins/"),
        "similar": api.get(f"{BASE}/pins/similar/", params=similar),
    }
    etags = {}
    for name, response in answers.items():
        assert pin.public_id in response.text, name
        # Stored by shared caches only with a revalidation on every use: the tiles' policy.
        cache_control = response.headers["Cache-Control"]
        assert "max-age=0" in cache_control and "must-revalidate" in cache_control, name
        etags[name] = response.headers["ETag"]
        again = api.get(
            f"{BASE}/pins/" if name == "list" else f"{BASE}/pins/similar/",
            params=None if name == "list" else similar,
            headers={"If-None-Match": etags[name]},
        )
        assert again.status_code == 304, name
    detail = api.get(f"{BASE}/pins/{pin.public_id}/")
    assert detail.status_code == 200
    assert "private" in detail.headers["Cache-Control"]  # per reader: never in a shared cache
    page = client.get(pin.get_absolute_url())
    assert "private" in page["Cache-Control"] and "no-cache" in page["Cache-Control"]
    list_page = client.get("/meldingen/")
    assert pin.public_id in list_page.content.decode()
    assert "no-cache" in list_page["Cache-Control"]

    services.pin_hide(pin=pin, by=AdminFactory(), reason="Scheldwoorden")
    # A cache that revalidates its copy gets the new list, without the pin.
    for name, path, params in (
        ("list", f"{BASE}/pins/", None),
        ("similar", f"{BASE}/pins/similar/", similar),
    ):
        response = api.get(path, params=params, headers={"If-None-Match": etags[name]})
        assert response.status_code == 200, name
        assert pin.public_id not in response.text, name
        assert response.headers["ETag"] != etags[name]
    assert api.get(f"{BASE}/pins/{pin.public_id}/").status_code == 404
    assert client.get(pin.get_absolute_url()).status_code == 404
    assert pin.public_id not in client.get("/meldingen/").content.decode()


# --- the tile cache -------------------------------------------------------------------------


def _tile_entries() -> int:
    """Entries in the tile cache (a folder of files here; tests/conftest.py empties it)."""
    folder = Path(caches["tiles"]._dir)
    return len(list(folder.glob("*.djcache"))) if folder.exists() else 0


def test_unknown_parameters_make_no_new_tile_cache_entries(client, django_assert_num_queries):
    pin = pin_create(UserFactory())
    z, x, y = tile_for(pin.geom.x, pin.geom.y, 15)
    url = f"/tiles/pins/{z}/{x}/{y}.pbf"
    first = client.get(url, {"kind": "complaint", "status": "new"})
    assert first.status_code == 200 and first.content
    after_one = _tile_entries()
    assert after_one >= 1
    for n in range(300):
        response = client.get(url, {"kind": "complaint", "status": "new", "junk": str(n)})
        assert response.status_code == 200
        assert response["ETag"] == first["ETag"]
    assert _tile_entries() == after_one
    # The same filter in another order, with a value repeated: the same entry, from the
    # cache without a query (kind and status need no database to clean).
    with django_assert_num_queries(0):
        reordered = client.get(f"{url}?status=new&kind=complaint&kind=complaint&junk=x")
    assert reordered.status_code == 200 and reordered.content == first.content
    assert _tile_entries() == after_one
    # Another filter is another entry (the key does follow the filter).
    assert client.get(url, {"kind": "idea"}).status_code == 200
    assert _tile_entries() == after_one + 1
    # And a bad value of a known parameter is a 400 that is never stored.
    assert client.get(url, {"kind": "nonsense"}).status_code == 400
    assert _tile_entries() == after_one + 1


def test_photo_names_in_pages_and_api_are_the_view_not_media(api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pin = pin_create(UserFactory(), photos=[photo()])
    detail = api.get(f"{BASE}/pins/{pin.public_id}/").json()
    (shown,) = detail["properties"]["photos"]
    for url in (shown["url"], shown["thumbnail_url"]):
        assert "/media/" not in url
        assert url.startswith(f"http://testserver{pin.get_absolute_url()}foto/")
        image = Image.open(io.BytesIO(api.get(url).content))
        assert image.format == "JPEG"
