"""One initiative as the API shows it: public facts for everyone; the review thread only
for its organisers and the district's team. Never a person's name or address."""

from __future__ import annotations

from django.db.models import Count

from api.v1.public.initiatives import serializers
from participatie.initiatives import geo, roles
from participatie.initiatives.models import Backing, Initiative


def _decision(initiative: Initiative, request) -> dict | None:
    decision = getattr(initiative, "decision", None) if initiative.is_decided else None
    if decision is None:
        return None
    return {
        "outcome": decision.outcome,
        "outcome_label": decision.get_outcome_display(),
        "reason": decision.reason,
        "granted_cents": decision.granted_cents,
        "decided_at": decision.decided_at,
        "contributions": [
            {
                "partner": c.partner.name,
                "kind": c.kind,
                "description": c.description,
                "amount_cents": c.amount_cents,
            }
            for c in decision.contributions.select_related("partner").order_by("pk")
        ],
    }


def _report(initiative: Initiative, request) -> dict | None:
    report = getattr(initiative, "report", None) if initiative.status == "realised" else None
    if report is None:
        return None
    return {
        "text": report.text,
        "created_at": report.created_at,
        "photos": [
            {
                "url": request.build_absolute_uri(photo.image.url),
                "thumbnail": request.build_absolute_uri(photo.thumbnail.url),
                "width": photo.width,
                "height": photo.height,
            }
            for photo in report.photos.order_by("pk")
        ],
    }


def detail_data(initiative: Initiative, request) -> dict:
    user = request.user
    mine = roles.is_organiser(user, initiative)
    in_thread = mine or roles.can_review(user, initiative)
    my_backing = None
    if user.is_authenticated:
        my_backing = (
            Backing.objects.filter(initiative=initiative, resident=user)
            .values_list("response", flat=True)
            .first()
        )
    roles_ = initiative.volunteer_roles.annotate(n=Count("signups")).order_by("position", "pk")
    data = {
        "id": initiative.public_id,
        "url": request.build_absolute_uri(initiative.get_absolute_url()),
        "title": initiative.title,
        "description": initiative.description,
        "kind": initiative.kind,
        "kind_label": initiative.get_kind_display(),
        "status": initiative.status,
        "status_label": initiative.get_status_display(),
        "map_status": geo.map_status_of(initiative.status) or "closed",
        "location": initiative.geom,
        "area": initiative.area_geom,
        "year": initiative.year,
        "district_code": initiative.district.code if initiative.district else None,
        "neighbourhood_code": initiative.neighbourhood.code if initiative.neighbourhood else None,
        "starts_on": initiative.starts_on,
        "ends_on": initiative.ends_on,
        "from_pin": initiative.from_pin.public_id if initiative.from_pin else None,
        "backing_area": initiative.backing_area,
        "backing_radius_m": initiative.backing_radius_m,
        "backing_neighbourhoods": list(
            initiative.backing_neighbourhoods.order_by("code").values_list("code", flat=True)
        ),
        "households": initiative.households,
        "progress": serializers.progress_data(initiative),
        "budget_lines": [
            {
                "id": line.pk,
                "description": line.description,
                "amount_cents": line.amount_cents,
                "granted_cents": line.granted_cents,
                "spent_cents": line.spent_cents,
            }
            for line in initiative.budget_lines.order_by("position", "pk")
        ],
        "volunteer_roles": [
            {"id": r.pk, "name": r.name, "count_needed": r.count_needed, "signed_up": r.n}
            for r in roles_
        ],
        "means": [
            {"description": m.description, "centre": m.centre.name if m.centre else None}
            for m in initiative.means.select_related("centre").order_by("pk")
        ],
        "decision": _decision(initiative, request),
        "report": _report(initiative, request),
        "is_mine": mine,
        "my_backing": my_backing,
        "questions": (
            [
                {"id": q.pk, "from_team": q.from_team, "text": q.text, "created_at": q.created_at}
                for q in initiative.questions.order_by("created_at", "pk")
            ]
            if in_thread
            else None
        ),
        "submitted_at": initiative.submitted_at,
        "decided_at": initiative.decided_at,
        "realised_at": initiative.realised_at,
    }
    return serializers.InitiativeDetailOutput(data).data
