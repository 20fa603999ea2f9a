"""The list of initiatives (filters, pages, no script needed) and an initiative's page: what,
where, what is asked, the progress toward the threshold, backing or objecting, volunteering,
the questions, the decision and the report."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from participatie.initiatives import roles
from participatie.initiatives.eligibility import area_description, backing_eligibility
from participatie.initiatives.filters import InitiativeFilterSet
from participatie.initiatives.models import Backing, Initiative, VolunteerSignup
from participatie.initiatives.pages.common import initiative_or_404, map_config
from participatie.initiatives.pages.forms import BackingForm, QuestionForm
from participatie.initiatives.services import euros
from participatie.initiatives.threshold import progress

PAGE_SIZE = 20
Status = Initiative.Status


def initiative_list(request: HttpRequest) -> HttpResponse:
    """Public initiatives with the filters of the API and the map layer. Filters that are
    not understood are ignored, with a message, rather than an error."""
    public = (
        Initiative.objects.public()
        .select_related("district", "neighbourhood")
        .order_by("-submitted_at", "-pk")
    )
    filterset = InitiativeFilterSet(request.GET or None, queryset=public)
    if filterset.is_bound and not filterset.is_valid():
        messages.warning(request, _("Some filters were not understood and are ignored."))
        initiatives = public
    else:
        initiatives = filterset.qs
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": filterset.form,
        "page": page,
        "query": query.urlencode(),
        "nav_section": "initiatives",
    }
    response = render(request, "initiatives/initiative_list.html", context)
    response["Cache-Control"] = "private, no-cache"
    return response


def backing_state(initiative: Initiative, user, reached: bool) -> dict:
    """What the backing section shows: the form, or why not (in words)."""
    own = None
    if user.is_authenticated:
        own = initiative.backings.filter(resident=user).first()
    if initiative.status == Status.DRAFT:
        return {"kind": "draft"}
    if initiative.status == Status.SUBMITTED:
        return {"kind": "closed", "reason": _("Backing opens after the district team's check.")}
    if initiative.is_decided:
        return {
            "kind": "closed",
            "reason": _("A decision has been made: responding is closed."),
            "own": own,
        }
    if initiative.status == Status.WITHDRAWN:
        return {"kind": "closed", "reason": _("The organisers withdrew this initiative.")}
    if own is not None:
        return {"kind": "done", "own": own, "reached": reached}
    if not user.is_authenticated:
        return {"kind": "login"}
    eligibility = backing_eligibility(initiative, user)
    if not eligibility.ok:
        return {"kind": "ineligible", "reason": eligibility.reason}
    return {"kind": "form", "reached": reached}


def render_initiative_page(
    request: HttpRequest,
    initiative: Initiative,
    *,
    backing_form: BackingForm | None = None,
    question_form: QuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    from participatie.initiatives.pages.proposals import invitation_token

    user = request.user
    counted = progress(initiative)
    organiser = roles.is_organiser(user, initiative)
    reviewer = roles.can_review(user, initiative)
    roles_ = list(initiative.volunteer_roles.order_by("position", "pk"))
    mine = set()
    if user.is_authenticated:
        mine = set(
            VolunteerSignup.objects.filter(role__in=roles_, resident=user).values_list(
                "role_id", flat=True
            )
        )
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    decision = getattr(initiative, "decision", None) if initiative.is_decided else None
    report = getattr(initiative, "report", None) if initiative.status == Status.REALISED else None
    context = {
        "initiative": initiative,
        "progress": counted,
        "percent": min(100, round(100 * counted.backs / counted.needed)) if counted.needed else 0,
        "area_text": area_description(initiative) if initiative.submitted_at else "",
        "backing": backing_state(initiative, user, counted.reached),
        "backing_form": backing_form or BackingForm(),
        "question_form": question_form or QuestionForm(),
        "lines": lines,
        "asked_total": euros(sum(line.amount_cents for line in lines)) if lines else "",
        "roles": [
            {"role": role, "taken": role.signups.count(), "mine": role.pk in mine}
            for role in roles_
        ],
        "means": list(initiative.means.select_related("centre")),
        "co_organisers": [
            link.user for link in initiative.co_organiser_links.select_related("user")
        ],
        "is_organiser": organiser,
        "is_reviewer": reviewer,
        "questions": list(initiative.questions.all()) if organiser or reviewer else None,
        "decision": decision,
        "contributions": list(decision.contributions.select_related("partner")) if decision else [],
        "report": report,
        "photos": list(report.photos.all()) if report else [],
        "can_report": organiser and initiative.status in (Status.GRANTED, Status.PARTLY_GRANTED),
        "invite_url": request.build_absolute_uri(
            reverse(
                "initiative-join",
                kwargs={"public_id": initiative.public_id, "token": invitation_token(initiative)},
            )
        )
        if organiser and initiative.organiser_id == user.pk and not initiative.is_decided
        else "",
        "map_config": map_config(initiative),
        "nav_section": "initiatives",
        "responses": Backing.Response,
    }
    response = render(request, "initiatives/initiative_detail.html", context, status=status)
    response["Cache-Control"] = "private, no-cache"
    return response


def initiative_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return render_initiative_page(request, initiative_or_404(request, public_id))
