"""Residents take part in a public pin: support, comments, and reports of abuse.

Supporting your own pin is refused: the author's support is implied by posting it, and a
support count says how many *other* residents stand behind an idea."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participatie.pins.models import (
    Comment,
    Pin,
    Report,
    Support,
)
from participatie.pins.services._common import (
    is_public,
    not_found,
    participant_check,
    tiles_changed,
)
from participatie.pins.validation import (
    COMMENT_MAX,
    Errors,
    fail,
    text_clean,
)


def support_add(*, pin: Pin, user) -> bool:
    """Support a public pin. Idempotent: True if this added a support, False if the resident
    already supported it. Safe under concurrency: the unique constraint decides, and only
    the request whose row went in moves the counter."""
    participant_check(user)
    if not is_public(pin):
        raise not_found()
    if pin.author_id == user.pk:
        fail("pin", _("You cannot support your own pin."), "own_pin")
    try:
        with transaction.atomic():
            Support.objects.create(pin=pin, user=user)
            Pin.objects.filter(pk=pin.pk).update(support_count=F("support_count") + 1)
            tiles_changed(pin.geom)
    except IntegrityError:
        return False
    return True


def support_remove(*, pin: Pin, user) -> bool:
    """Take a support back. Idempotent: True if a support was removed."""
    participant_check(user)
    with transaction.atomic():
        removed, _ = Support.objects.filter(pin=pin, user=user).delete()
        if removed:
            Pin.objects.filter(pk=pin.pk).update(support_count=F("support_count") - 1)
            tiles_changed(pin.geom)
    return bool(removed)


def comment_create(*, pin: Pin, author, body: str) -> Comment:
    """A public comment on a public pin (plain text)."""
    participant_check(author)
    if not is_public(pin):
        raise not_found()
    errors = Errors()
    body = text_clean(errors, "body", body, max_length=COMMENT_MAX, required=True)
    errors.raise_if_any()
    with transaction.atomic():
        comment = Comment.objects.create(pin=pin, author=author, body=body)
        Pin.objects.filter(pk=pin.pk).update(comment_count=F("comment_count") + 1)
        tiles_changed(pin.geom)
    return comment


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
    participant_check(reporter)
    if (pin is None) == (comment is None):
        raise ValueError("report exactly one of pin or comment")
    errors = Errors()
    if reason not in Report.Reason.values:
        errors.add("reason", _("Choose a reason."), "invalid_choice")
    explanation = text_clean(errors, "explanation", explanation, max_length=1000, required=False)
    errors.raise_if_any()
    target_pin = pin or comment.pin
    if not is_public(target_pin):
        raise not_found()
    if comment is not None and comment.is_hidden:
        raise not_found(Comment)
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
                tiles_changed(target_pin.geom)
    except IntegrityError:
        return False
    return True
