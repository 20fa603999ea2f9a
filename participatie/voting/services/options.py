"""Designers' writes around an option: its images (with a text for screen readers), and
removing an option before voting opens. Like option_save, none of this may change what
voters saw once voting has opened."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from participatie.voting import roles
from participatie.voting.images import overlay_prepare
from participatie.voting.models import DesignOption, OptionImage, RedesignProject

MAX_IMAGES = 6
ALT_MAX = 300
OPEN_PHASES = (RedesignProject.Phase.DRAFT, RedesignProject.Phase.CONSULTATION)


def _check(by, option: DesignOption) -> None:
    if not roles.can_design(by):
        raise PermissionDenied(_("Only designers can manage redesign projects."))
    if option.project.phase not in OPEN_PHASES:
        raise ValidationError(
            {"project": [_("Options are fixed once voting has opened.")]}, code="fixed"
        )


def option_image_add(*, by, option: DesignOption, image, alt: str) -> OptionImage:
    """Add an image (checked and re-encoded like a pin's photo, metadata removed)."""
    _check(by, option)
    errors: dict[str, list] = {}
    alt = " ".join((alt or "").split())
    if not alt:
        errors["alt"] = [_("Describe the image for people who cannot see it.")]
    elif len(alt) > ALT_MAX:
        errors["alt"] = [_("Use at most %(max)d characters.") % {"max": ALT_MAX}]
    if option.images.count() >= MAX_IMAGES:
        errors["image"] = [_("At most %(max)d images per option.") % {"max": MAX_IMAGES}]
    prepared = None
    if "image" not in errors:
        try:
            prepared = overlay_prepare(image)
        except ValidationError as error:
            errors["image"] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = OptionImage(option=option, alt=alt, order=option.images.count())
        record.image.save(prepared.name, prepared, save=False)
        record.save()
    return record


def _delete_files_after_commit(files) -> None:
    """Files go once the rows are gone for good (a rolled-back delete keeps them)."""
    files = [f for f in files if f]

    def delete():
        for file in files:
            file.storage.delete(file.name)

    transaction.on_commit(delete)


def option_image_remove(*, by, image: OptionImage) -> None:
    _check(by, image.option)
    with transaction.atomic():
        _delete_files_after_commit([image.image])
        image.delete()


def option_delete(*, by, option: DesignOption) -> None:
    """Remove an option (and its images) while the project is a draft or in consultation."""
    _check(by, option)
    with transaction.atomic():
        _delete_files_after_commit([option.overlay, *(i.image for i in option.images.all())])
        option.delete()
