import uuid
from pathlib import PurePosixPath

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Under MEDIA_ROOT but outside what /media/ serves (participatie/urls.py refuses it; a web
# server in front must too): pin photos are served only by the pin photo view, which asks
# who may see the pin on every request. A pin that turns confidential, is hidden or
# withdrawn has nothing to move: its photos stop being served at once.
PRIVATE_PREFIX = "private/"


def photo_path(instance, filename: str) -> str:
    """private/pins/<year>/<month>/<random>.jpg: the upload's own name is never kept (it can
    hold a name or address), and the random part is the photo's name in its URL."""
    return timezone.now().strftime(f"{PRIVATE_PREFIX}pins/%Y/%m/{uuid.uuid4().hex}.jpg")


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

    def _url(self, file) -> str:
        return reverse(
            "pin-photo",
            kwargs={"public_id": self.pin.public_id, "name": PurePosixPath(file.name).stem},
        )

    @property
    def url(self) -> str:
        return self._url(self.image)

    @property
    def thumbnail_url(self) -> str:
        return self._url(self.thumbnail)
