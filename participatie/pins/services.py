"""Writes on pins. Every change goes through here: these functions own the transactions and
the invariants (a pin lies inside the municipality, one support per resident per pin,
counters and the public status history stay in step with the rows they count).

Errors are Django ValidationErrors keyed by the argument they are about, and
PermissionDenied when the user may not do this at all.

Supporting your own pin is refused: the author's support is implied by posting it, and a
support count should say how many *other* residents stand behind an idea (it will feed
thresholds relative to a neighbourhood's population).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maps.areas import areas_for
from maps.services import layer_changed
from maps.tiles.cache import layer_purge
from participatie.pins import roles
from participatie.pins.clusters import clusters_rebuild
from participatie.pins.models import (
    Category,
    Comment,
    Pin,
    PinPhoto,
    PinStatusChange,
    Report,
    Support,
)
from participatie.pins.photos import photo_prepare
from participatie.pins.validation import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    REASON_MAX,
    TITLE_MAX,
    Errors,
    category_check,
    fail,
    location_clean,
    text_clean,
)


def _participant_check(user) -> None:
    if not roles.can_participate(user):
        raise PermissionDenied(_("Sign in to take part."))


def _photos_prepare(photos: Iterable, *, existing: int = 0) -> list:
    photos = list(photos or ())
    maximum = settings.PIN_PHOTO_MAX_COUNT
    if existing + len(photos) > maximum:
        fail("photos", _("At most %(max)d photos per pin."), "too_many", max=maximum)
    return [photo_prepare(photo) for photo in photos]


def _photos_save(pin: Pin, prepared: list) -> None:
    for photo in prepared:
        item = PinPhoto(pin=pin, width=photo.width, height=photo.height)
        item.image.save(photo.image.name, photo.image, save=False)
        item.thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
        item.save()


def _tiles_changed(*geoms: GEOSGeometry | None) -> None:
    """The cached pin tiles showing these places go stale when the transaction commits:
    a new, changed, hidden or withdrawn pin is on the map at once, never after a TTL."""
    layer_changed(layer="pins", geoms=list(geoms))


def _locked(pin: Pin) -> Pin:
    return Pin.objects.select_for_update().get(pk=pin.pk)


def _is_public(pin: Pin) -> bool:
    return Pin.objects.public().filter(pk=pin.pk).exists()


def _not_found(model=Pin) -> Exception:
    # The same answer for "does not exist" and "not yours to see" (a 404 in the API).
    return model.DoesNotExist(f"{model.__name__} is not public")


# --- pins -----------------------------------------------------------------------------


def pin_create(
    *,
    author,
    kind: str,
    category: Category,
    title: str,
    description: str = "",
    geom: GEOSGeometry,
    photos: Iterable = (),
) -> Pin:
    """Pin an idea or complaint. A sensitive category makes it a private signal."""
    _participant_check(author)
    errors = Errors()
    title = text_clean(errors, "title", title, max_length=TITLE_MAX, required=True)
    description = text_clean(
        errors, "description", description, max_length=DESCRIPTION_MAX, required=False
    )
    category_check(errors, category, kind)
    geom = location_clean(errors, geom)
    errors.raise_if_any()
    prepared = _photos_prepare(photos)  # Pillow work before the transaction opens

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
        )
        PinStatusChange.objects.create(
            pin=pin, from_status="", to_status=pin.status, changed_by=author
        )
        _photos_save(pin, prepared)
        _tiles_changed(pin.geom)
    return pin


def _author_check(pin: Pin, user) -> None:
    _participant_check(user)
    if pin.author_id != user.pk:
        raise PermissionDenied(_("Only the person who posted this pin can change it."))
    if not pin.is_open_for_changes:
        fail(
            "status",
            _("This pin can no longer be changed: it is being handled (status: %(status)s)."),
            "not_new",
            status=pin.get_status_display(),
        )


def _changes_apply(
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
    _tiles_changed(previous_geom, pin.geom)


def pin_update(
    *,
    pin: Pin,
    by,
    kind: str | None = None,
    category: Category | None = None,
    title: str | None = None,
    description: str | None = None,
    geom: GEOSGeometry | None = None,
) -> Pin:
    """The author changes their pin while it is still new. None leaves a field as it is."""
    with transaction.atomic():
        pin = _locked(pin)
        _author_check(pin, by)
        _changes_apply(
            pin, kind=kind, category=category, title=title, description=description, geom=geom
        )
    return pin


def pin_edit(
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
    _moderator_check(by)
    with transaction.atomic():
        pin = _locked(pin)
        _changes_apply(
            pin, kind=kind, category=category, title=title, description=description, geom=geom
        )
    return pin


def pin_withdraw(*, pin: Pin, by, reason: str = "") -> Pin:
    """The author takes back their pin while it is still new. It disappears from the map."""
    with transaction.atomic():
        pin = _locked(pin)
        _author_check(pin, by)
        errors = Errors()
        reason = text_clean(errors, "reason", reason, max_length=REASON_MAX, required=False)
        errors.raise_if_any()
        _status_record(pin, Pin.Status.WITHDRAWN, reason, by)
    return pin


def _status_record(pin: Pin, status: str, reason: str, by) -> None:
    PinStatusChange.objects.create(
        pin=pin, from_status=pin.status, to_status=status, reason=reason, changed_by=by
    )
    pin.status = status
    pin.status_reason = reason
    pin.save(update_fields=["status", "status_reason", "updated_at"])
    _tiles_changed(pin.geom)


def pin_set_status(*, pin: Pin, status: str, reason: str = "", by) -> Pin:
    """Staff move a pin along (acknowledged, planned, done, declined); declining needs a
    reason. Every change is appended to the public history."""
    if not roles.can_triage(by):
        raise PermissionDenied(_("Only staff can change the status of a pin."))
    errors = Errors()
    reason = text_clean(errors, "reason", reason, max_length=REASON_MAX, required=False)
    if status not in Pin.Status.values or status == Pin.Status.WITHDRAWN:
        errors.add("status", _("Choose a valid status."), "invalid_choice")
    elif status == Pin.Status.DECLINED and not reason:
        errors.add("reason", _("Explain why the pin is declined."), "required")
    errors.raise_if_any()
    with transaction.atomic():
        pin = _locked(pin)
        if pin.status == Pin.Status.WITHDRAWN:
            fail("status", _("The author has withdrawn this pin."), "withdrawn")
        if pin.status == status and pin.status_reason == reason:
            return pin
        _status_record(pin, status, reason, by)
    return pin


# --- support --------------------------------------------------------------------------


def support_add(*, pin: Pin, user) -> bool:
    """Support a public pin. Idempotent: True if this added a support, False if the resident
    already supported it. Safe under concurrency: the unique constraint decides, and only
    the request whose row went in moves the counter."""
    _participant_check(user)
    if not _is_public(pin):
        raise _not_found()
    if pin.author_id == user.pk:
        fail("pin", _("You cannot support your own pin."), "own_pin")
    try:
        with transaction.atomic():
            Support.objects.create(pin=pin, user=user)
            Pin.objects.filter(pk=pin.pk).update(support_count=F("support_count") + 1)
            _tiles_changed(pin.geom)
    except IntegrityError:
        return False
    return True


def support_remove(*, pin: Pin, user) -> bool:
    """Take a support back. Idempotent: True if a support was removed."""
    _participant_check(user)
    with transaction.atomic():
        removed, _ = Support.objects.filter(pin=pin, user=user).delete()
        if removed:
            Pin.objects.filter(pk=pin.pk).update(support_count=F("support_count") - 1)
            _tiles_changed(pin.geom)
    return bool(removed)


# --- comments -------------------------------------------------------------------------


def comment_create(*, pin: Pin, author, body: str) -> Comment:
    """A public comment on a public pin (plain text)."""
    _participant_check(author)
    if not _is_public(pin):
        raise _not_found()
    errors = Errors()
    body = text_clean(errors, "body", body, max_length=COMMENT_MAX, required=True)
    errors.raise_if_any()
    with transaction.atomic():
        comment = Comment.objects.create(pin=pin, author=author, body=body)
        Pin.objects.filter(pk=pin.pk).update(comment_count=F("comment_count") + 1)
        _tiles_changed(pin.geom)
    return comment


# --- moderation -----------------------------------------------------------------------


def _auto_hidden_reason(count: int) -> str:
    # Stored text, read by moderators: in the site's language, not the reporter's.
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Hidden after %(count)d reports, waiting for a moderator.") % {
            "count": count
        }


def report_create(
    *,
    reporter,
    reason: str,
    explanation: str = "",
    pin: Pin | None = None,
    comment: Comment | None = None,
) -> bool:
    """Flag a pin or a comment for the moderators. Idempotent per reporter and target:
    True if this added a report. At MODERATION_REPORT_THRESHOLD reports the target is
    hidden until a moderator restores it."""
    _participant_check(reporter)
    if (pin is None) == (comment is None):
        raise ValueError("report exactly one of pin or comment")
    errors = Errors()
    if reason not in Report.Reason.values:
        errors.add("reason", _("Choose a reason."), "invalid_choice")
    explanation = text_clean(errors, "explanation", explanation, max_length=1000, required=False)
    errors.raise_if_any()
    target_pin = pin or comment.pin
    if not _is_public(target_pin):
        raise _not_found()
    if comment is not None and comment.is_hidden:
        raise _not_found(Comment)
    threshold = settings.MODERATION_REPORT_THRESHOLD
    model, target = (Pin, pin) if pin is not None else (Comment, comment)
    try:
        with transaction.atomic():
            Report.objects.create(
                reporter=reporter, pin=pin, comment=comment, reason=reason, explanation=explanation
            )
            model.objects.filter(pk=target.pk).update(report_count=F("report_count") + 1)
            hidden = model.objects.filter(
                pk=target.pk, report_count__gte=threshold, is_hidden=False
            ).update(is_hidden=True, hidden_reason=_auto_hidden_reason(threshold))
            if hidden and comment is not None:
                Pin.objects.filter(pk=comment.pin_id).update(comment_count=F("comment_count") - 1)
            if hidden:
                _tiles_changed(target_pin.geom)
    except IntegrityError:
        return False
    return True


def _moderator_check(user) -> None:
    if not roles.can_moderate(user):
        raise PermissionDenied(_("Only moderators can hide or restore content."))


def _reason_required(reason: str) -> str:
    errors = Errors()
    reason = text_clean(errors, "reason", reason, max_length=500, required=True)
    errors.raise_if_any()
    return reason


def pin_hide(*, pin: Pin, by, reason: str) -> Pin:
    _moderator_check(by)
    reason = _reason_required(reason)
    Pin.objects.filter(pk=pin.pk).update(is_hidden=True, hidden_reason=reason)
    pin.refresh_from_db()
    _tiles_changed(pin.geom)
    return pin


def pin_restore(*, pin: Pin, by) -> Pin:
    """Show a hidden pin again. Its report count starts again from zero, so only new reports
    (from other residents: one per reporter) can hide it again."""
    _moderator_check(by)
    Pin.objects.filter(pk=pin.pk).update(is_hidden=False, hidden_reason="", report_count=0)
    pin.refresh_from_db()
    _tiles_changed(pin.geom)
    return pin


def comment_hide(*, comment: Comment, by, reason: str) -> Comment:
    _moderator_check(by)
    reason = _reason_required(reason)
    with transaction.atomic():
        changed = Comment.objects.filter(pk=comment.pk, is_hidden=False).update(
            is_hidden=True, hidden_reason=reason
        )
        if changed:
            Pin.objects.filter(pk=comment.pin_id).update(comment_count=F("comment_count") - 1)
            _tiles_changed(comment.pin.geom)
        else:
            Comment.objects.filter(pk=comment.pk).update(hidden_reason=reason)
    comment.refresh_from_db()
    return comment


def comment_restore(*, comment: Comment, by) -> Comment:
    _moderator_check(by)
    with transaction.atomic():
        changed = Comment.objects.filter(pk=comment.pk, is_hidden=True).update(
            is_hidden=False, hidden_reason="", report_count=0
        )
        if changed:
            Pin.objects.filter(pk=comment.pin_id).update(comment_count=F("comment_count") + 1)
            _tiles_changed(comment.pin.geom)
    comment.refresh_from_db()
    return comment


# --- categories -----------------------------------------------------------------------


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
        pin.delete()
        _tiles_changed(geom)
