"""Photo checks and re-encoding: only real JPEG/PNG/WebP images are kept, as a fresh JPEG.

Re-encoding drops every byte of metadata the phone wrote (EXIF with GPS position, camera
serial numbers, XMP, comments): a photo of someone's front door must not carry their exact
position or device. The orientation is applied to the pixels first, so nothing turns over.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 2048
THUMBNAIL_SIDE = 400
JPEG_QUALITY = 85


@dataclass(frozen=True)
class PreparedPhoto:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _invalid(message, code: str, **params) -> ValidationError:
    return ValidationError({"photos": ValidationError(message, code=code, params=params)})


def _read(upload) -> bytes:
    limit = settings.PIN_PHOTO_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_big(limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_big(limit)
    if not data:
        raise _invalid(_("The photo is empty."), "empty")
    return data


def _too_big(limit: int) -> ValidationError:
    return _invalid(
        _("The photo is too large: at most %(mb)s MB."), "too_large", mb=round(limit / 1048576, 1)
    )


def _open_checked(data: bytes) -> Image.Image:
    not_an_image = _invalid(
        _("This file is not a photo we can read. Use a JPEG, PNG or WebP image."), "not_an_image"
    )
    try:
        with warnings.catch_warnings():
            # A decompression bomb is an error, not a warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ALLOWED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > settings.PIN_PHOTO_MAX_PIXELS:
                raise _invalid(_("The photo has too many pixels."), "too_many_pixels")
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise not_an_image from None
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels in a brand-new image: transparency on white, no metadata carried along."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        rgb = Image.new("RGB", rgba.size, "white")
        rgb.paste(rgba, mask=rgba.getchannel("A"))
    else:
        rgb = Image.new("RGB", image.size)
        rgb.paste(image.convert("RGB"))
    return rgb


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


def photo_prepare(upload) -> PreparedPhoto:
    """Check an uploaded file and return the cleaned photo and its thumbnail.

    Raises ValidationError (field "photos") for a file that is too big, not an image, or an
    image in another format than JPEG, PNG or WebP.
    """
    image = _flatten(_open_checked(_read(upload)))
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return PreparedPhoto(
        image=ContentFile(_jpeg(image, JPEG_QUALITY), name="photo.jpg"),
        thumbnail=ContentFile(_jpeg(thumb, 80), name="thumbnail.jpg"),
        width=image.width,
        height=image.height,
    )
