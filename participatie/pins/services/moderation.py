"""Programme administrators correct, hide and restore pins and comments, and change
categories (whose visibility decides what the public map shows)."""

from __future__ import annotations

from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.db.models import F

from maps.tiles.cache import layer_purge
from participatie.pins.clusters import clusters_rebuild
from participatie.pins.history import history_delete_allowed
from participatie.pins.models import (
    Category,
    Comment,
    Pin,
    PinEvent,
)
from participatie.pins.services._common import (
    changes_apply,
    event_record,
    locked,
    moderator_check,
    reason_required,
    tiles_changed,
)


def pin_correct(
    *,
    pin: Pin,
    by,
    kind: str | None = None,
    category: Category | None = None,
    title: str | None = None,
    description: str | None = None,
    geom: GEOSGeometry | None = None,
) -> Pin:
    """A moderator corrects a pin (a typo, personal details, a misplaced location), in any
    status. The same checks as for the author apply."""
    moderator_check(by)
    with transaction.atomic():
        pin = locked(pin)
        changes_apply(
            pin, kind=kind, category=category, title=title, description=description, geom=geom
        )
        event_record(pin, PinEvent.Kind.CORRECTED, by)
    return pin


def pin_hide(*, pin: Pin, by, reason: str) -> Pin:
    moderator_check(by)
    reason = reason_required(reason)
    with transaction.atomic():
        Pin.objects.filter(pk=pin.pk).update(is_hidden=True, hidden_reason=reason)
        event_record(pin, PinEvent.Kind.HIDDEN, by, reason[:80])
    pin.refresh_from_db()
    tiles_changed(pin.geom)
    return pin


def pin_restore(*, pin: Pin, by) -> Pin:
    """Show a hidden pin again. Its report count starts again from zero, so only new reports
    (from other residents: one per reporter) can hide it again."""
    moderator_check(by)
    with transaction.atomic():
        Pin.objects.filter(pk=pin.pk).update(is_hidden=False, hidden_reason="", report_count=0)
        event_record(pin, PinEvent.Kind.RESTORED, by)
    pin.refresh_from_db()
    tiles_changed(pin.geom)
    return pin


def comment_hide(*, comment: Comment, by, reason: str) -> Comment:
    moderator_check(by)
    reason = reason_required(reason)
    with transaction.atomic():
        changed = Comment.objects.filter(pk=comment.pk, is_hidden=False).update(
            is_hidden=True, hidden_reason=reason
        )
        if changed:
            Pin.objects.filter(pk=comment.pin_id).update(comment_count=F("comment_count") - 1)
            tiles_changed(comment.pin.geom)
        else:
            Comment.objects.filter(pk=comment.pk).update(hidden_reason=reason)
    comment.refresh_from_db()
    return comment


def comment_restore(*, comment: Comment, by) -> Comment:
    moderator_check(by)
    with transaction.atomic():
        changed = Comment.objects.filter(pk=comment.pk, is_hidden=True).update(
            is_hidden=False, hidden_reason="", report_count=0
        )
        if changed:
            Pin.objects.filter(pk=comment.pin_id).update(comment_count=F("comment_count") + 1)
            tiles_changed(comment.pin.geom)
    comment.refresh_from_db()
    return comment


def category_save(*, category: Category, visibility_changed: bool) -> Category:
    """Save a category (admin). When it becomes public, private or sensitive, every pin in
    it appears on or leaves the map: the low-zoom clusters are recounted and every cached
    pin tile goes stale."""
    category.full_clean()
    with transaction.atomic():
        category.save()
        if visibility_changed:
            clusters_rebuild()
            transaction.on_commit(lambda: layer_purge("pins"))
    return category


def pin_delete(*, pin: Pin) -> None:
    """Remove a pin for good (admin): its tiles go stale at once."""
    geom = pin.geom
    with transaction.atomic():
        history_delete_allowed()
        pin.delete()
        tiles_changed(geom)
