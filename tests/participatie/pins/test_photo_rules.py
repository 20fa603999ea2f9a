"""More photo limits: the longest side at equality, the megapixels named in the refusal, and
a file Pillow can read with a warning (not a decompression bomb) is still a photo."""

from __future__ import annotations

import io
import struct
import warnings
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from participatie.pins.photos import photo_prepare
from tests.participatie.factories import image_bytes
from tests.participatie.pins.test_photo_limits import error_of, opened, upload


def png(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and the CRC of type and data (RFC 2083, 3.2)."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_the_longest_side_may_be_exactly_the_limit(settings):
    settings.PIN_PHOTO_MAX_SIDE = 300
    settings.PIN_PHOTO_MAX_PIXELS = 10**6
    kept = photo_prepare(upload(image_bytes(size=(300, 40))))
    assert opened(kept.image).size == (300, 40)

    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(image_bytes(size=(40, 301))))
    assert error_of(exc).code == "too_many_pixels"


def test_the_refusal_names_the_megapixels_to_six_significant_digits(settings):
    settings.PIN_PHOTO_MAX_PIXELS = 1_234_566  # 1.234566 megapixels: "1.23457"
    settings.PIN_PHOTO_MAX_SIDE = 5000
    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(png((1112, 1111)), "foto.png"))  # 1,235,432 pixels
    error = error_of(exc)
    assert error.code == "too_many_pixels"
    with translation.override("en"):
        assert error.messages == [
            "The photo has too many pixels: at most 1.23457 megapixels and 5000 pixels on "
            "its longest side."
        ]


def test_a_png_that_pillow_reads_with_a_warning_is_still_a_photo():
    """An animation header that announces no frames (an acTL chunk with 0 frames, APNG
    specification): Pillow warns and shows the ordinary image, and so do we."""
    data = png((200, 100))
    after_header = 8 + 25  # the signature, then the IHDR chunk (13 bytes of data)
    data = data[:after_header] + chunk(b"acTL", struct.pack(">II", 0, 0)) + data[after_header:]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Image.open(io.BytesIO(data)).load()
    assert [str(w.message) for w in caught] == [
        "Invalid APNG, will use default PNG image if possible"
    ]

    kept = photo_prepare(upload(data, "foto.png"))
    image = opened(kept.image)
    assert (image.format, image.size) == ("JPEG", (200, 100))
