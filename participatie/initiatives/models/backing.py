"""Residents of the area back an initiative, or object with a reason: once each, refused
by the database also under concurrent submission."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Backing(models.Model):
    class Response(models.TextChoices):
        BACK = "back", pgettext_lazy("initiative response", "Back")
        OBJECT = "object", pgettext_lazy("initiative response", "Object")

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="backings"
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="initiative_backings"
    )
    response = models.CharField(_("response"), max_length=10, choices=Response.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    # The resident's home neighbourhood when they responded (kept for the counts per
    # neighbourhood if the resident moves).
    neighbourhood = models.ForeignKey(
        "maps.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("backing")
        verbose_name_plural = _("backings")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "resident"], name="one_backing_per_resident"
            ),
            models.CheckConstraint(
                condition=models.Q(response="back") | ~models.Q(reason=""),
                name="objection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} · {self.response}"
