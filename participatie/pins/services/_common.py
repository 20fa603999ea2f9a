"""What the pin services share: permission checks, photos, locks, tile purges."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from maps.areas import areas_for
from maps.services import layer_changed
from participatie.pins import roles
from participatie.pins.models import (
    Category,
    Pin,
    PinEvent,
    PinPhoto,
    PinStatusChange,
)
from participatie.pins.photos import photo_prepare
from participatie.pins.validation import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    Errors,
    category_check,
    fail,
    location_clean,
    text_clean,
)


def participant_check(user) -> None:
    if not roles.can_participate(user):
        raise PermissionDenied(_("Sign in to take part."))


def photos_prepare(photos: Iterable, *, existing: int = 0) -> list:
    photos = list(photos or ())
    maximum = settings.PIN_PHOTO_MAX_COUNT
    if existing + len(photos) > maximum:
        fail("photos", _("At most %(max)d photos per pin."), "too_many", max=maximum)
    return [photo_prepare(photo) for photo in photos]


def photos_save(pin: Pin, prepared: list) -> None:
    # Saving the row stores both files under their own random names (photo_path); the
    # image field reads the width and height from the image itself.
    for photo in prepared:
        PinPhoto.objects.create(pin=pin, image=photo.image, thumbnail=photo.thumbnail)


def tiles_changed(*geoms: GEOSGeometry | None) -> None:
    """The cached pin tiles showing these places go stale when the transaction commits:
    a new, changed, hidden or withdrawn pin is on the map at once, never after a TTL."""
    layer_changed(layer="pins", geoms=list(geoms))


def locked(pin: Pin) -> Pin:
    return Pin.objects.select_for_update().get(pk=pin.pk)


def is_public(pin: Pin) -> bool:
    return Pin.objects.public().filter(pk=pin.pk).exists()


def not_found(model=Pin) -> Exception:
    # The same answer for "does not exist" and "not yours to see" (a 404 in the API).
    return model.DoesNotExist(f"{model.__name__} is not public")


def author_check(pin: Pin, user) -> None:
    participant_check(user)
    if pin.author_id != user.pk:
        raise PermissionDenied(_("Only the person who posted this pin can change it."))
    if not pin.is_open_for_changes:
        fail(
            "status",
            _("This pin can no longer be changed: it is being handled (status: %(status)s)."),
            "not_new",
            status=pin.get_status_display(),
        )


def changes_apply(
    pin: Pin,
    *,
    kind: str | None,
    category: Category | None,
    title: str | None,
    description: str | None,
    geom: GEOSGeometry | None,
) -> None:
    errors = Errors()
    previous_geom = pin.geom
    if title is not None:
        pin.title = text_clean(errors, "title", title, max_length=TITLE_MAX, required=True)
    if description is not None:
        pin.description = text_clean(
            errors, "description", description, max_length=DESCRIPTION_MAX, required=False
        )
    if kind is not None or category is not None:
        pin.kind = kind or pin.kind
        pin.category = category or pin.category
        category_check(errors, pin.category, pin.kind)
    if geom is not None:
        cleaned = location_clean(errors, geom)
        if cleaned is not None:
            pin.geom = cleaned
            pin.neighbourhood, pin.district = areas_for(cleaned)
    errors.raise_if_any()
    pin.save()
    tiles_changed(previous_geom, pin.geom)


def status_record(pin: Pin, status: str, reason: str, by) -> None:
    PinStatusChange.objects.create(
        pin=pin, from_status=pin.status, to_status=status, reason=reason, changed_by=by
    )
    pin.status = status
    pin.status_reason = reason
    pin.save(update_fields=["status", "status_reason", "updated_at"])
    tiles_changed(pin.geom)


def moderator_check(user) -> None:
    if not roles.can_moderate(user):
        raise PermissionDenied(_("Only moderators can hide or restore content."))


def reason_required(reason: str) -> str:
    errors = Errors()
    reason = text_clean(errors, "reason", reason, max_length=500, required=True)
    errors.raise_if_any()
    return reason


def event_record(pin: Pin, kind: str, by, detail: str = "") -> None:
    """Append a step to the pin's handling history (who, what, when). `by` is the account
    that passed the service's permission check, or None for a step of the system."""
    PinEvent.objects.create(pin=pin, kind=kind, actor=by, detail=detail[:300])
