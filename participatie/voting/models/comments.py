"""Residents' comments on a redesign project during consultation. Moderation is kept
simple: a programme administrator hides a comment in the admin."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMENT_MAX = 2000


class CommentQuerySet(models.QuerySet):
    def shown(self) -> CommentQuerySet:
        return self.filter(is_hidden=False)


class ProjectComment(models.Model):
    project = models.ForeignKey(
        "voting.RedesignProject",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # SET_NULL: deleting an account anonymises its comments.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="redesign_comments",
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on a redesign")
        verbose_name_plural = _("comments on redesigns")

    def __str__(self) -> str:
        return self.body[:60]
