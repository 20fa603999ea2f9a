"""Photos posted with a pin (multipart) come back re-encoded, without EXIF or GPS."""

import io
import json

import pytest
from PIL import Image

from participatie.pins.models import Pin, PinPhoto
from tests.participatie.factories import UserFactory, exif_with_gps, image_bytes, point_in
from tests.problems import field_errors, problem

BASE = "/api/v1/public"


@pytest.fixture
def client(signed_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session = signed_in(UserFactory())
    session.headers["Accept-Language"] = "en"
    return session


def form() -> dict:
    spot = point_in()
    return {
        "kind": "complaint",
        "category": "afval-en-zwerfvuil",
        "title": "Gedumpt grofvuil",
        "location": json.dumps({"type": "Point", "coordinates": [spot.x, spot.y]}),
    }


def post(client, files):
    return client.post(f"{BASE}/pins/", data=form(), files=[("photos", f) for f in files])


def test_photos_come_back_without_exif_or_gps(client, api):
    original = image_bytes(size=(1600, 1200), exif=exif_with_gps(orientation=6))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    response = post(client, [("IMG_0042.jpg", original, "image/jpeg")])
    assert response.status_code == 201, response.text
    (photo,) = response.json()["properties"]["photos"]
    assert "IMG_0042" not in photo["url"]
    stored = api.get(photo["url"])
    assert stored.status_code == 200
    image = Image.open(io.BytesIO(stored.content))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(0x8825)
    assert b"Voorbeeldtelefoon" not in stored.content
    # Turned upright from the EXIF orientation before the tag was dropped.
    assert image.size == (photo["width"], photo["height"]) == (1200, 1600)
    thumbnail = Image.open(io.BytesIO(api.get(photo["thumbnail_url"]).content))
    assert max(thumbnail.size) == 400 and len(thumbnail.getexif()) == 0


def test_a_text_file_renamed_jpg_is_a_400(client):
    fake = b"Geen foto. Alleen tekst met een .jpg-naam." * 10
    response = post(client, [("foto.jpg", fake, "image/jpeg")])
    assert response.status_code == 400
    assert field_errors(response)["photos"] == [
        "This file is not a photo we can read. Use a JPEG, PNG or WebP image."
    ]
    assert not Pin.objects.filter(is_demo=False).exists()


def test_an_oversized_photo_is_a_400(client, settings):
    settings.PIN_PHOTO_MAX_BYTES = 20_000
    big = image_bytes(size=(1500, 1500), quality=100, subsampling=0)
    big += b"\0" * max(0, 20_001 - len(big))
    response = post(client, [("groot.jpg", big, "image/jpeg")])
    assert response.status_code == 400
    assert "too large" in field_errors(response)["photos"][0]
    assert not PinPhoto.objects.exists()


def test_a_body_larger_than_three_photos_is_refused_before_it_is_read(client, settings):
    settings.PIN_PHOTO_MAX_BYTES = 10_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(client, [("a.jpg", b"\xff" * 60_000, "image/jpeg")])
    assert response.status_code == 413
    assert "too large" in problem(response)["detail"]


def test_more_than_three_photos_is_a_400(client):
    small = image_bytes(size=(40, 30))
    response = post(client, [(f"{n}.jpg", small, "image/jpeg") for n in range(4)])
    assert response.status_code == 400
    assert "photos" in field_errors(response)
    assert not PinPhoto.objects.exists()


def test_up_to_three_photos_are_kept(client):
    photos = [
        ("a.jpg", image_bytes(size=(40, 30)), "image/jpeg"),
        ("b.png", image_bytes("PNG", size=(40, 30)), "image/png"),
        ("c.webp", image_bytes("WEBP", size=(40, 30)), "image/webp"),
    ]
    response = post(client, photos)
    assert response.status_code == 201, response.text
    urls = [p["url"] for p in response.json()["properties"]["photos"]]
    assert len(urls) == 3 and all(u.endswith(".jpg") for u in urls)


@pytest.mark.parametrize(
    "location",
    ['{"type": "Point", "coordinates": [NaN, 52.99]}', "6.56,52.99", "", '{"type": "Point"'],
    ids=["nan", "not-json", "empty", "broken-json"],
)
def test_a_form_location_is_checked_like_json(client, location):
    response = client.post(f"{BASE}/pins/", data=form() | {"location": location})
    assert response.status_code == 400
    assert "location" in field_errors(response)
    photo = [("photos", ("a.jpg", image_bytes(size=(40, 30)), "image/jpeg"))]
    response = client.post(f"{BASE}/pins/", data=form() | {"location": location}, files=photo)
    assert response.status_code == 400
    assert "location" in field_errors(response)
