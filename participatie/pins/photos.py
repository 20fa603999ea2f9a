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
# Pillow's own decompression-bomb check, as a second line behind the header check below:
# a warning above the budget (turned into an error there), an error above twice it.
Image.MAX_IMAGE_PIXELS = settings.PIN_PHOTO_MAX_PIXELS
MAX_SIDE = 2048
THUMBNAIL_SIDE = 400
JPEG_QUALITY = 85
SCALED_AS_IS = ("RGB", "RGBA", "L", "LA")


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


def _too_many_pixels() -> ValidationError:
    return _invalid(
        _(
            "The photo has too many pixels: at most %(mpx)s megapixels and %(side)s pixels on "
            "its longest side."
        ),
        "too_many_pixels",
        mpx=f"{settings.PIN_PHOTO_MAX_PIXELS / 1_000_000:g}",
        side=settings.PIN_PHOTO_MAX_SIDE,
    )


def _probe(data: bytes) -> Image.Image:
    """The image with its header read and nothing decoded, within the pixel budget."""
    with warnings.catch_warnings():
        # Pillow warns from its own limit on; the check below is the one that counts.
        # Not mutated: any change only ignores more warnings here (docs/mutants.md).
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # pragma: no mutate
        try:
            probe = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:  # over twice Pillow's limit, from the header
            raise _too_many_pixels() from None
    if probe.format not in ALLOWED_FORMATS:
        raise _not_an_image()
    width, height = probe.size
    if (
        width * height > settings.PIN_PHOTO_MAX_PIXELS
        or max(width, height) > settings.PIN_PHOTO_MAX_SIDE
    ):
        raise _too_many_pixels()
    return probe


def _not_an_image() -> ValidationError:
    return _invalid(
        _("This file is not a photo we can read. Use a JPEG, PNG or WebP image."), "not_an_image"
    )


def _open_checked(data: bytes) -> Image.Image:
    """The image, decoded only after its header passed the format and pixel checks.

    `Image.open` reads the header alone; the pixel count comes from there, so a file that
    claims 30000 × 30000 pixels in a few hundred bytes is refused before a single row is
    decompressed. A JPEG is then decoded at the smallest scale that still gives MAX_SIDE
    (`draft`: 1/2, 1/4 or 1/8 of the work), other formats at full size within the budget.
    """
    try:
        _probe(data).verify()
        with warnings.catch_warnings():
            # A decompression bomb is an error, not a warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format == "JPEG":  # pragma: no mutate (draft: less work, the same sizes)
                image.draft(None, (MAX_SIDE, MAX_SIDE))  # pragma: no mutate
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
        raise _not_an_image() from None
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels in a brand-new image: transparency on white, no metadata carried along.
    Transparency is an alpha channel (RGBA, LA) or a transparent colour (`transparency` in
    the info: a palette entry, or the tRNS colour key of an RGB or greyscale PNG)."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        rgb = Image.new("RGB", rgba.size, "white")  # pragma: no mutate (Pillow: any case)
        rgb.paste(rgba, mask=rgba.getchannel("A"))
    else:
        rgb = Image.new("RGB", image.size)
        rgb.paste(image.convert("RGB"))  # pragma: no mutate (paste converts to RGB itself)
    return rgb


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(
        out,
        quality=quality,
        format="JPEG",  # pragma: no mutate (Pillow upper-cases format names)
        optimize=True,  # pragma: no mutate (the same pixels in fewer bytes)
    )
    return out.getvalue()


def photo_prepare(upload) -> PreparedPhoto:
    """Check an uploaded file and return the cleaned photo and its thumbnail.

    Raises ValidationError (field "photos") for a file that is too big, not an image, or an
    image in another format than JPEG, PNG or WebP.
    """
    image = _open_checked(_read(upload))
    # Not mutated: scaling first is only less work, the result the same (docs/mutants.md).
    if image.mode in SCALED_AS_IS:  # pragma: no mutate
        # Scaled down before anything else works on the pixels (the square box does not
        # care which way the photo turns); a palette image is flattened to colours first.
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)  # pragma: no mutate
    image = _flatten(image)
    # The resampling filter is not mutated: another one gives the same sizes and slightly
    # different smoothing, which no rule is about (docs/mutants.md).
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)  # pragma: no mutate
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)  # pragma: no mutate
    return PreparedPhoto(
        image=ContentFile(_jpeg(image, JPEG_QUALITY), name="photo.jpg"),
        thumbnail=ContentFile(_jpeg(thumb, 80), name="thumbnail.jpg"),
        width=image.width,
        height=image.height,
    )
