"""Images of design options and drawings: the pins' photo checks (real image, size, pixel
budget, metadata stripped) are the declared service reused here."""

from __future__ import annotations

from django.core.files.base import ContentFile

from participatie.pins.photos import photo_prepare


def overlay_prepare(upload) -> ContentFile:
    """A checked, re-encoded copy of an uploaded drawing or image (no metadata kept)."""
    return photo_prepare(upload).image
