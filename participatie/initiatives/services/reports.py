"""After the event the organisers report: what happened, photos, and the spend per granted
budget line. The initiative is then realised."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.initiatives.models import Initiative, Report, ReportPhoto
from participatie.initiatives.services._common import (
    Errors,
    fail,
    locked,
    organiser_check,
    status_check,
    text_clean,
)
from participatie.initiatives.services.review import euros
from participatie.pins.photos import photo_prepare

TEXT_MAX = 5000
REPORTABLE = (Initiative.Status.GRANTED, Initiative.Status.PARTLY_GRANTED)


def _spent_clean(errors: Errors, initiative: Initiative, spent) -> dict[int, int]:
    lines = {line.pk: line for line in initiative.budget_lines.all()}
    granted = {pk: line for pk, line in lines.items() if line.granted_cents}
    if spent is None:
        spent = {}
    if not isinstance(spent, dict):
        errors.add("spent", _("Give what was spent for each granted budget line."), "invalid")
        return {}
    clean: dict[int, int] = {}
    for key, value in spent.items():
        try:
            pk, cents = int(key), int(value)
        except (TypeError, ValueError):
            errors.add("spent", _("Give amounts in whole cents."), "invalid_amount")
            continue
        line = lines.get(pk)
        if line is None:
            errors.add(
                "spent",
                _("Budget line %(line)s is not part of this initiative."),
                "unknown_line",
                line=key,
            )
        elif cents < 0 or cents > (line.granted_cents or 0):
            errors.add(
                "spent",
                _("“%(line)s”: spent between € 0 and the %(granted)s granted."),
                "out_of_range",
                line=line.description,
                granted=euros(line.granted_cents or 0),
            )
        else:
            clean[pk] = cents
    missing = [line.description for pk, line in granted.items() if pk not in clean]
    if missing and "spent" not in errors:
        errors.add(
            "spent",
            _("Say what was spent on: %(lines)s."),
            "required",
            lines=", ".join(missing),
        )
    return clean


def initiative_report(*, initiative: Initiative, by, text: str, spent=None, photos=()) -> Report:
    """Report a granted initiative done: `text` (what happened), `spent` {budget line id:
    cents, at most the granted amount, every granted line}, `photos` (uploads: JPEG, PNG or
    WebP, re-encoded without metadata, at most PIN_PHOTO_MAX_COUNT). Organisers only; the
    initiative becomes realised. ValidationError on text, spent, photos, status."""
    organiser_check(by, initiative)
    status_check(
        initiative,
        REPORTABLE,
        _("Only a granted initiative can be reported as realised; this one is %(status)s."),
    )
    errors = Errors()
    text = text_clean(errors, "text", text, max_length=TEXT_MAX, required=True)
    amounts = _spent_clean(errors, initiative, spent)
    photos = list(photos or ())
    if len(photos) > settings.PIN_PHOTO_MAX_COUNT:
        errors.add(
            "photos", _("At most %(max)d photos."), "too_many", max=settings.PIN_PHOTO_MAX_COUNT
        )
    errors.raise_if_any()
    prepared = [photo_prepare(photo) for photo in photos]  # ValidationError on "photos"
    with transaction.atomic():
        initiative = locked(initiative)
        if initiative.status not in REPORTABLE:
            fail("status", _("This initiative has been reported already."), "reported")
        report = Report.objects.create(initiative=initiative, text=text, author=by)
        for line in initiative.budget_lines.all():
            if line.pk in amounts:
                line.spent_cents = amounts[line.pk]
                line.save(update_fields=["spent_cents"])
        for photo in prepared:
            item = ReportPhoto(report=report, width=photo.width, height=photo.height)
            item.image.save(photo.image.name, photo.image, save=False)
            item.thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
            item.save()
        initiative.status = Initiative.Status.REALISED
        initiative.realised_at = timezone.now()
        initiative.save(update_fields=["status", "realised_at", "updated_at"])
    return report
