import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def photo_path(instance, filename: str) -> str:
    """pins/<year>/<month>/<random>.jpg: the upload's own name is never kept (it can hold a
    name or address), and the random part makes the URL unguessable."""
    return timezone.now().strftime(f"pins/%Y/%m/{uuid.uuid4().hex}.jpg")


class PinPhoto(models.Model):
    """A photo of a pin, re-encoded as JPEG without metadata by the service."""

    pin = models.ForeignKey(
        "pins.Pin", verbose_name=_("pin"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"), upload_to=photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.image.name
