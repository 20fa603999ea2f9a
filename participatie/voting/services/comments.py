"""Residents comment on a redesign while it is in consultation (before voting opens)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from participatie.guards.text import visible_text
from participatie.voting.models import ProjectComment, RedesignProject
from participatie.voting.models.comments import COMMENT_MAX


def comment_create(*, project: RedesignProject, author, body: str) -> ProjectComment:
    if author is None or not author.is_authenticated or not author.can_participate:
        raise PermissionDenied(_("Log in with a confirmed e-mail address to comment."))
    if project.phase != RedesignProject.Phase.CONSULTATION:
        raise ValidationError(
            {"body": [_("Comments are possible during the consultation, before voting opens.")]}
        )
    body = visible_text(body or "")
    if "\x00" in body:
        raise ValidationError({"body": [_("The text contains a null character.")]})
    if not body:
        raise ValidationError({"body": [_("Write a comment first.")]})
    if len(body) > COMMENT_MAX:
        raise ValidationError(
            {"body": [_("Use at most %(max)d characters.") % {"max": COMMENT_MAX}]}
        )
    return ProjectComment.objects.create(project=project, author=author, body=body)


def comments_of_author_remove(*, author) -> int:
    """A resident who deletes their account and asks for their contributions to go: their
    comments on redesigns are removed (otherwise they stay, without a name)."""
    removed, _by_model = ProjectComment.objects.filter(author=author).delete()
    return removed
