"""A resident places a pin, changes it while it is new, or withdraws it."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction

from maps.areas import areas_for
from participatie.pins.models import (
    Category,
    Pin,
    PinEvent,
    PinStatusChange,
)
from participatie.pins.services._common import (
    author_check,
    changes_apply,
    event_record,
    locked,
    participant_check,
    photos_prepare,
    photos_save,
    status_record,
    tiles_changed,
)
from participatie.pins.services.handling import pin_route
from participatie.pins.validation import (
    DESCRIPTION_MAX,
    REASON_MAX,
    TITLE_MAX,
    Errors,
    category_check,
    location_clean,
    text_clean,
)


def pin_create(
    *,
    author,
    kind: str,
    category: Category,
    title: str,
    description: str = "",
    geom: GEOSGeometry,
    photos: Iterable = (),
    contact_consent: bool = False,
) -> Pin:
    """Pin an idea or complaint. A sensitive category makes it a private signal for the
    district's buurtteam, who may contact the reporter when they consent to it."""
    participant_check(author)
    errors = Errors()
    title = text_clean(errors, "title", title, max_length=TITLE_MAX, required=True)
    description = text_clean(
        errors, "description", description, max_length=DESCRIPTION_MAX, required=False
    )
    category_check(errors, category, kind)
    geom = location_clean(errors, geom)
    errors.raise_if_any()
    prepared = photos_prepare(photos)  # Pillow work before the transaction opens

    neighbourhood, district = areas_for(geom)
    with transaction.atomic():
        pin = Pin.objects.create(
            author=author,
            kind=kind,
            category=category,
            title=title,
            description=description,
            geom=geom,
            neighbourhood=neighbourhood,
            district=district,
            contact_consent=bool(contact_consent) and category.is_sensitive,
        )
        PinStatusChange.objects.create(
            pin=pin, from_status="", to_status=pin.status, changed_by=author
        )
        event_record(pin, PinEvent.Kind.CREATED, author)
        photos_save(pin, prepared)
        pin_route(pin)
        tiles_changed(pin.geom)
    return pin


def pin_update(
    *,
    pin: Pin,
    by,
    kind: str | None = None,
    category: Category | None = None,
    title: str | None = None,
    description: str | None = None,
    geom: GEOSGeometry | None = None,
    contact_consent: bool | None = None,
) -> Pin:
    """The author changes their pin while it is still new. None leaves a field as it is.
    Consent to be contacted holds for a confidential signal only."""
    with transaction.atomic():
        pin = locked(pin)
        author_check(pin, by)
        changes_apply(
            pin, kind=kind, category=category, title=title, description=description, geom=geom
        )
        consent = pin.contact_consent if contact_consent is None else bool(contact_consent)
        consent = consent and pin.category.is_sensitive
        if consent != pin.contact_consent:
            pin.contact_consent = consent
            pin.save(update_fields=["contact_consent"])
    return pin


def pin_withdraw(*, pin: Pin, by, reason: str = "") -> Pin:
    """The author takes back their pin while it is still new. It disappears from the map."""
    with transaction.atomic():
        pin = locked(pin)
        author_check(pin, by)
        errors = Errors()
        reason = text_clean(errors, "reason", reason, max_length=REASON_MAX, required=False)
        errors.raise_if_any()
        status_record(pin, Pin.Status.WITHDRAWN, reason, by)
        event_record(pin, PinEvent.Kind.WITHDRAWN, by, reason[:80])
    return pin
