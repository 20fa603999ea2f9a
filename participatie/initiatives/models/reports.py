"""After the event the organisers report what happened, with photos and the spend per
budget line (BudgetLine.spent_cents); the initiative is then realised."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def report_photo_path(instance, filename: str) -> str:
    """initiatives/<year>/<month>/<random>.jpg: public, like the report; the upload's own
    name is never kept."""
    return timezone.now().strftime(f"initiatives/%Y/%m/{uuid.uuid4().hex}.jpg")


class Report(models.Model):
    initiative = models.OneToOneField(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="report"
    )
    text = models.TextField(_("what happened"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.text[:60]


class ReportPhoto(models.Model):
    """A photo of the event, re-encoded as JPEG without metadata (pins/photos.py)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=report_photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=report_photo_path)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self) -> str:
        return self.image.name
