"""What residents do with a pin: support it, comment on it, report it to the moderators."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.pins.querysets import CommentQuerySet


class Support(models.Model):
    """A resident's +1 on a pin: at most one per resident per pin (the database says so)."""

    pin = models.ForeignKey(
        "pins.Pin", verbose_name=_("pin"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="pin_supports",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["pin", "user"], name="support_once_per_resident")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.pin_id}"


class Comment(models.Model):
    pin = models.ForeignKey(
        "pins.Pin", verbose_name=_("pin"), on_delete=models.CASCADE, related_name="comments"
    )
    # SET_NULL: deleting an account anonymises its comments.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pin_comments",
    )
    body = models.TextField(_("comment"), max_length=2000)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]


class Report(models.Model):
    """A moderation flag on a pin or a comment (exactly one of the two)."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive or discriminating")
        PRIVACY = "privacy", _("Personal details of someone")
        OTHER = "other", _("Something else")

    pin = models.ForeignKey(
        "pins.Pin",
        verbose_name=_("pin"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="pin_reports",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    explanation = models.TextField(_("explanation"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(pin__isnull=False, comment__isnull=True)
                | Q(pin__isnull=True, comment__isnull=False),
                name="report_targets_a_pin_or_a_comment",
            ),
            models.UniqueConstraint(
                fields=["reporter", "pin"],
                condition=Q(pin__isnull=False),
                name="report_pin_once_per_reporter",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="report_comment_once_per_reporter",
            ),
        ]

    def __str__(self) -> str:
        target = f"pin {self.pin_id}" if self.pin_id else f"comment {self.comment_id}"
        return f"{target}: {self.get_reason_display()}"
