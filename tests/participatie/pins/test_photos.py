"""Photos: real JPEG/PNG/WebP images only, re-encoded without any metadata."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participatie.pins.photos import photo_prepare
from tests.participatie.factories import exif_with_gps, image_bytes, pin_create

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def opened(content) -> Image.Image:
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def test_exif_and_gps_are_stripped_and_the_orientation_is_kept():
    original = image_bytes(size=(1200, 800), exif=exif_with_gps(orientation=6))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo has GPS
    photo = photo_prepare(upload(original))
    image = opened(photo.image)
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert "exif" not in image.info and "xmp" not in image.info
    # Orientation 6 means "turn 90°": the pixels are turned, the tag is gone.
    assert (photo.width, photo.height) == image.size == (800, 1200)


def test_large_photos_are_scaled_down_and_get_a_thumbnail():
    photo = photo_prepare(upload(image_bytes(size=(4000, 3000))))
    assert opened(photo.image).size == (2048, 1536)
    assert max(opened(photo.thumbnail).size) == 400


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_become_jpeg(fmt):
    photo = photo_prepare(upload(image_bytes(fmt, size=(300, 200)), name=f"foto.{fmt.lower()}"))
    assert opened(photo.image).format == "JPEG"


def test_transparent_png_gets_a_white_background():
    rgba = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    out = io.BytesIO()
    rgba.save(out, "PNG")
    image = opened(photo_prepare(upload(out.getvalue(), "a.png")).image)
    assert image.getpixel((5, 5))[0] > 240


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"Dit is geen foto, alleen tekst met een .jpg-naam.\n" * 20, "not_an_image"),
        (image_bytes("GIF", size=(50, 50)), "not_an_image"),
        (image_bytes()[:400], "not_an_image"),  # truncated
        (b"", "empty"),
    ],
    ids=["text-renamed-jpg", "gif", "truncated-jpeg", "empty"],
)
def test_files_that_are_not_allowed_photos_are_rejected(data, code):
    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(data))
    assert [e.code for e in exc.value.error_dict["photos"]] == [code]


def test_photos_over_the_size_limit_are_rejected(settings):
    settings.PIN_PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(image_bytes()))
    assert exc.value.error_dict["photos"][0].code == "too_large"


def test_photos_with_too_many_pixels_are_rejected(settings):
    settings.PIN_PHOTO_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(image_bytes(size=(101, 100))))
    assert exc.value.error_dict["photos"][0].code == "too_many_pixels"


def test_a_pin_takes_at_most_three_photos(resident, media_root):
    photos = [upload(image_bytes(size=(40, 30)), f"{n}.jpg") for n in range(4)]
    with pytest.raises(ValidationError) as exc:
        pin_create(resident, photos=photos)
    assert exc.value.error_dict["photos"][0].code == "too_many"
    pin = pin_create(resident, photos=photos[:3])
    names = [p.image.name for p in pin.photos.all()]
    assert len(names) == 3
    # Stored under a random name, never the uploaded one ("0.jpg" …), where /media/ does
    # not serve it.
    assert all(re.fullmatch(r"private/pins/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", n) for n in names)
    assert all((media_root / n).exists() for n in names)
