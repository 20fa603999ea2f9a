"""Reads for a resident's data export: their comments on redesigns, and in which projects
they voted. Never what they chose: a ballot does not know its voter (docs/voting.md). That
they voted is stored only as a keyed hash of their account; recomputing it for each
project tells whether they took part, as the vote itself does to refuse a second ballot."""

from __future__ import annotations

from django.db.models import Q

from participatie.voting import keys
from participatie.voting.models import Participation, ProjectComment, RedesignProject


def projects_voted_in(user) -> list[dict]:
    """The projects in which this account cast a vote (as a resident, not with a code)."""
    identity = keys.resident_identity(user)
    projects = list(RedesignProject.objects.order_by("voting_opens_at", "pk"))
    if not projects:
        return []
    wanted = Q()
    for project in projects:
        wanted |= Q(project_id=project.pk, voter_key=keys.voter_key(project.pk, identity))
    voted = set(Participation.objects.filter(wanted).values_list("project_id", flat=True))
    return [
        {"project": project.slug, "title": project.title, "voted": True}
        for project in projects
        if project.pk in voted
    ]


def own_comments(user) -> list[dict]:
    comments = (
        ProjectComment.objects.filter(author=user).select_related("project").order_by("created_at")
    )
    return [
        {
            "project": comment.project.slug,
            "project_title": comment.project.title,
            "body": comment.body,
            "hidden_by_moderation": comment.is_hidden,
            "created_at": comment.created_at.isoformat(),
        }
        for comment in comments
    ]
