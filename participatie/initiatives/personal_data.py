"""Reads for a resident's data export (participatie/privacy/export.py, initiatives.json):
the initiatives they organise or co-organise (also drafts), their backings and objections
with reasons, their volunteer sign-ups and their messages in review threads.

On account deletion (services/leaving.py: person_leave) drafts, backings, sign-ups and
co-organiser links go; submitted initiatives and review messages stay without the person."""

from __future__ import annotations

from django.db.models import Q

from participatie.initiatives.models import (
    Backing,
    Initiative,
    ReviewQuestion,
    VolunteerSignup,
)


def _initiative(initiative: Initiative, role: str) -> dict:
    return {
        "initiative": initiative.public_id,
        "title": initiative.title,
        "role": role,
        "status": initiative.status,
        "description": initiative.description,
        "kind": initiative.kind,
        "location": [initiative.geom.x, initiative.geom.y],
        "starts_on": initiative.starts_on.isoformat() if initiative.starts_on else None,
        "ends_on": initiative.ends_on.isoformat() if initiative.ends_on else None,
        "budget_lines": [
            {
                "description": line.description,
                "amount_cents": line.amount_cents,
                "granted_cents": line.granted_cents,
                "spent_cents": line.spent_cents,
            }
            for line in initiative.budget_lines.all()
        ],
        "volunteer_roles": [
            {"name": role.name, "count_needed": role.count_needed}
            for role in initiative.volunteer_roles.all()
        ],
        "means": [item.description for item in initiative.means.all()],
        "report": getattr(getattr(initiative, "report", None), "text", None),
        "created_at": initiative.created_at.isoformat(),
    }


def own_initiatives(user) -> list[dict]:
    initiatives = (
        Initiative.objects.filter(Q(organiser=user) | Q(co_organiser_links__user=user))
        .distinct()
        .order_by("created_at", "pk")
        .prefetch_related("budget_lines", "volunteer_roles", "means")
    )
    return [
        _initiative(item, "organiser" if item.organiser_id == user.pk else "co-organiser")
        for item in initiatives
    ]


def own_backings(user) -> list[dict]:
    backings = Backing.objects.filter(resident=user).select_related("initiative")
    return [
        {
            "initiative": backing.initiative.public_id,
            "title": backing.initiative.title,
            "response": backing.response,
            "reason": backing.reason,
            "created_at": backing.created_at.isoformat(),
        }
        for backing in backings.order_by("created_at", "pk")
    ]


def own_volunteering(user) -> list[dict]:
    signups = VolunteerSignup.objects.filter(resident=user).select_related("role__initiative")
    return [
        {
            "initiative": signup.role.initiative.public_id,
            "role": signup.role.name,
            "created_at": signup.created_at.isoformat(),
        }
        for signup in signups.order_by("created_at", "pk")
    ]


def own_review_messages(user) -> list[dict]:
    messages = ReviewQuestion.objects.filter(author=user).select_related("initiative")
    return [
        {
            "initiative": message.initiative.public_id,
            "text": message.text,
            "created_at": message.created_at.isoformat(),
        }
        for message in messages.order_by("created_at", "pk")
    ]


def export(user) -> dict:
    return {
        "initiatives": own_initiatives(user),
        "backings": own_backings(user),
        "volunteering": own_volunteering(user),
        "review_messages": own_review_messages(user),
    }
