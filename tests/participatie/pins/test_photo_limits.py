"""The limits and the re-encoding of photos, to the byte and to the pixel."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from participatie.pins.photos import photo_prepare
from tests.participatie.factories import image_bytes

MIB = 1024 * 1024
# The IJG/libjpeg base luminance table, first row (ITU-T T.81, Annex K, table K.1).
LUMINANCE_ROW = (16, 11, 10, 16, 24, 40, 51, 61)


class Stream(io.BytesIO):
    """An upload as a request body gives it: bytes to read, no size known in advance."""


def upload(data: bytes, name: str = "foto.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def error_of(exc: pytest.ExceptionInfo) -> ValidationError:
    [error] = exc.value.error_dict["photos"]
    return error


def opened(content) -> Image.Image:
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def ijg_row(quality: int) -> list[int]:
    """The first row of the luminance table a JPEG encoder writes at this quality."""
    scale = 200 - 2 * quality if quality >= 50 else 5000 // quality
    return [max(1, (base * scale + 50) // 100) for base in LUMINANCE_ROW]


def test_the_size_limit_is_named_in_megabytes(settings):
    settings.PIN_PHOTO_MAX_BYTES = 3 * MIB // 2
    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(b"x" * (3 * MIB // 2 + 1)))
    error = error_of(exc)
    assert (error.code, error.params) == ("too_large", {"mb": 1.5})
    with translation.override("en"):
        assert error.messages == ["The photo is too large: at most 1.5 MB."]


def test_the_size_is_rounded_to_a_tenth_of_a_megabyte(settings):
    settings.PIN_PHOTO_MAX_BYTES = 2 * MIB + MIB // 4 + 1  # 2.25… MB
    with pytest.raises(ValidationError) as exc:
        photo_prepare(Stream(b"x" * (3 * MIB)))
    assert error_of(exc).params == {"mb": 2.3}


def test_a_photo_of_exactly_the_limit_is_kept_and_one_byte_more_is_not(settings):
    data = image_bytes(size=(64, 48))
    settings.PIN_PHOTO_MAX_BYTES = len(data)
    assert photo_prepare(Stream(data)).width == 64
    assert photo_prepare(upload(data)).width == 64
    settings.PIN_PHOTO_MAX_BYTES = len(data) - 1
    for given in (Stream(data), upload(data)):
        with pytest.raises(ValidationError) as exc:
            photo_prepare(given)
        assert error_of(exc).code == "too_large"


def test_a_declared_size_over_the_limit_is_refused_without_reading(settings):
    class Declared(io.BytesIO):
        size = 10 * MIB

        def read(self, *args):
            raise AssertionError("read a file that was declared too large")

    settings.PIN_PHOTO_MAX_BYTES = 10 * MIB - 1
    with pytest.raises(ValidationError) as exc:
        photo_prepare(Declared(image_bytes(size=(8, 8))))
    assert error_of(exc).code == "too_large"


def test_an_upload_that_was_read_before_is_read_from_its_start():
    given = upload(image_bytes(size=(30, 20)))
    given.read()
    photo = photo_prepare(given)
    assert (photo.width, photo.height) == (30, 20)


def test_exactly_the_pixel_limit_is_allowed(settings):
    settings.PIN_PHOTO_MAX_PIXELS = 100 * 100
    photo = photo_prepare(upload(image_bytes(size=(100, 100))))
    assert (photo.width, photo.height) == (100, 100)
    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(image_bytes(size=(100, 101))))
    assert error_of(exc).code == "too_many_pixels"


def test_a_decompression_bomb_is_not_a_photo_even_under_our_own_pixel_limit(settings, monkeypatch):
    # Pillow warns between its limit and twice it; that warning counts as an error.
    settings.PIN_PHOTO_MAX_PIXELS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(image_bytes(size=(40, 30))))  # 1,200 pixels
    assert error_of(exc).code == "not_an_image"


def test_the_photo_is_jpeg_quality_85_and_its_thumbnail_quality_80():
    photo = photo_prepare(upload(image_bytes(size=(600, 450))))
    image, thumbnail = opened(photo.image), opened(photo.thumbnail)
    assert image.format == thumbnail.format == "JPEG"
    assert image.quantization[0][:8] == ijg_row(85)
    assert thumbnail.quantization[0][:8] == ijg_row(80)
    assert thumbnail.size == (400, 300) and image.size == (600, 450)


def test_sizes_and_names_of_the_stored_files():
    photo = photo_prepare(upload(image_bytes(size=(3000, 1000))))
    assert (photo.width, photo.height) == (2048, 683)  # 1000 × 2048 / 3000, rounded
    assert opened(photo.image).size == (2048, 683)
    assert opened(photo.thumbnail).size == (400, 133)
    assert (photo.image.name, photo.thumbnail.name) == ("photo.jpg", "thumbnail.jpg")


@pytest.mark.parametrize("mode", ["LA", "RGBA", "P", "RGB", "L"])
def test_transparent_pixels_become_white_in_every_transparent_mode(mode):
    # RGB and L: a PNG without an alpha channel whose one colour is declared transparent
    # (a tRNS colour key). A browser shows that colour as transparent, so the stored photo
    # must show what the uploader saw on a white page: white, not the colour under it.
    image = Image.new("RGBA", (12, 12), (0, 0, 255, 255))
    image.paste((0, 0, 0, 0), (0, 0, 6, 12))  # the left half transparent black
    key = {}
    if mode == "LA":
        image = image.convert("LA")
    elif mode == "P":
        image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
        key = {"transparency": image.getpixel((0, 0))}
    elif mode == "RGB":
        image, key = image.convert("RGB"), {"transparency": (0, 0, 0)}
    elif mode == "L":
        image, key = image.convert("L"), {"transparency": 0}
    out = io.BytesIO()
    image.save(out, "PNG", **key)
    assert Image.open(io.BytesIO(out.getvalue())).mode == mode
    result = opened(photo_prepare(upload(out.getvalue(), "a.png")).image).convert("RGB")
    left = result.getpixel((1, 6))
    assert min(left) > 235, left  # white, not the black under the transparency
    right = result.getpixel((10, 6))
    assert max(right) < 100 if mode in ("L", "LA") else right[2] > 200 > right[0], right


def test_an_opaque_photo_keeps_its_colours():
    image = opened(photo_prepare(upload(image_bytes("PNG", size=(20, 20)), "a.png")).image)
    red, green, blue = image.convert("RGB").getpixel((10, 10))
    # image_bytes paints (200, 60, 40); JPEG may move each channel a little.
    assert abs(red - 200) <= 6 and abs(green - 60) <= 6 and abs(blue - 40) <= 6


def test_each_refusal_says_what_is_wrong(settings):
    cases = {
        "empty": (b"", "The photo is empty."),
        "not_an_image": (
            b"geen foto" * 10,
            "This file is not a photo we can read. Use a JPEG, PNG or WebP image.",
        ),
        "too_many_pixels": (
            image_bytes(size=(20, 20)),
            "The photo has too many pixels: at most 0.000399 megapixels and "
            f"{settings.PIN_PHOTO_MAX_SIDE} pixels on its longest side.",
        ),
    }
    settings.PIN_PHOTO_MAX_PIXELS = 399
    for code, (data, message) in cases.items():
        with pytest.raises(ValidationError) as exc:
            photo_prepare(upload(data))
        error = error_of(exc)
        assert error.code == code
        with translation.override("en"):
            assert error.messages == [message]
