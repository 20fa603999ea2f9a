"""The district team's review screen: the queue of initiatives of their districts, and per
initiative the checklist, the questions to the organisers, and the decision with the
district's budget left for the year. Staff only (log-in, staff role, second factor), and
only the team of the initiative's district."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participatie.accounts.access import is_staff_member, staff_required
from participatie.initiatives import roles, selectors, services
from participatie.initiatives.models import DistrictAllocation, Initiative
from participatie.initiatives.pages.common import errors_spread
from participatie.initiatives.pages.forms import ContributionFormSet, DecisionForm, QuestionForm
from participatie.initiatives.threshold import progress

Status = Initiative.Status
OPEN = (Status.SUBMITTED, Status.BACKING, Status.REVIEW)


def _refused(request: HttpRequest) -> HttpResponse:
    context = {"is_staff": is_staff_member(request.user)}
    return render(request, "initiatives/review_refused.html", context, status=403)


def team_view(view):
    """Signed in as staff with the second factor (staff_required); residents and staff
    without a district team role get a page that says whose screen this is."""

    @wraps(view)
    def team_only(request, *args, **kwargs):
        if request.user.role not in roles.DISTRICT_TEAM_ROLES:
            return _refused(request)
        return view(request, *args, **kwargs)

    gated = staff_required(team_only)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not is_staff_member(user):
            return _refused(request)
        return gated(request, *args, **kwargs)

    return wrapped


@team_view
def review_queue(request: HttpRequest) -> HttpResponse:
    mine = Initiative.objects.reviewed_by(request.user).select_related("district")
    waiting = [
        (initiative, progress(initiative))
        for initiative in mine.filter(status__in=OPEN).order_by("submitted_at", "pk")
    ]
    decided = mine.exclude(status__in=OPEN).order_by("-decided_at", "-pk")[:20]
    context = {
        "waiting": waiting,
        "decided": decided,
        "districts": request.user.districts.order_by("name"),
        "nav_section": "workspace",
    }
    response = render(request, "initiatives/review_queue.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _reviewed(request: HttpRequest, public_id: str) -> Initiative:
    initiative = selectors.initiative_by_public_id(public_id, user=request.user)
    if initiative is None:
        raise Http404
    if not roles.can_review(request.user, initiative):
        raise PermissionDenied(_("Only the team of the initiative's district reviews it."))
    return initiative


def _allocation(initiative: Initiative) -> DistrictAllocation | None:
    if initiative.year is None or initiative.district_id is None:
        return None
    return DistrictAllocation.objects.filter(
        budget__programme_id=initiative.programme_id,
        budget__year=initiative.year,
        district_id=initiative.district_id,
    ).first()


def render_review(
    request: HttpRequest,
    initiative: Initiative,
    *,
    decision_form: DecisionForm | None = None,
    contributions=None,
    question_form: QuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    allocation = _allocation(initiative)
    context = {
        "initiative": initiative,
        "progress": progress(initiative),
        "checklist": selectors.checklist_of(initiative),
        "questions": list(initiative.questions.select_related("author")),
        "question_form": question_form or QuestionForm(),
        "decision_form": decision_form or DecisionForm(lines=lines),
        "contributions": contributions or ContributionFormSet(prefix="contrib"),
        "lines": lines,
        "asked_cents": sum(line.amount_cents for line in lines),
        "allocation": allocation,
        "remaining": services.euros(allocation.remaining_cents) if allocation else None,
        "decision": getattr(initiative, "decision", None) if initiative.is_decided else None,
        "can_decide": initiative.status in (Status.BACKING, Status.REVIEW),
        "nav_section": "workspace",
    }
    response = render(request, "initiatives/review.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@team_view
def review_page(request: HttpRequest, public_id: str) -> HttpResponse:
    return render_review(request, _reviewed(request, public_id))


def _back(initiative: Initiative, anchor: str = "") -> HttpResponse:
    url = reverse("initiative-review", kwargs={"public_id": initiative.public_id})
    return redirect(url + anchor)


@team_view
@require_POST
def review_checklist(request: HttpRequest, public_id: str) -> HttpResponse:
    initiative = _reviewed(request, public_id)
    ticked = {str(pk) for pk in request.POST.getlist("item")}
    for item, was_ticked in selectors.checklist_of(initiative):
        now = str(item.pk) in ticked
        if now != was_ticked:
            services.checklist_tick(initiative=initiative, item=item, by=request.user, ticked=now)
    messages.success(request, _("The checklist is saved."))
    return _back(initiative, "#checklist")


@team_view
@require_POST
def review_question(request: HttpRequest, public_id: str) -> HttpResponse:
    initiative = _reviewed(request, public_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(
                initiative=initiative, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            errors_spread(error, {}, form)
        else:
            messages.success(request, _("Your question is sent to the organisers."))
            return _back(initiative, "#questions")
    return render_review(request, initiative, question_form=form, status=400)


@team_view
@require_http_methods(["POST"])
def review_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    initiative = _reviewed(request, public_id)
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    form = DecisionForm(request.POST, lines=lines)
    contributions = ContributionFormSet(request.POST, prefix="contrib")
    if form.is_valid() and contributions.is_valid():
        given = [c for c in (f.as_service() for f in contributions.forms) if c is not None]
        try:
            services.initiative_decide(
                initiative=initiative,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                granted=form.granted(),
                contributions=given,
            )
        except ValidationError as error:
            errors_spread(error, {"contributions": contributions}, form)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, _("The decision is saved; organisers and backers are told."))
            return _back(initiative)
    return render_review(
        request, initiative, decision_form=form, contributions=contributions, status=400
    )


@team_view
@require_POST
def review_open_backing(request: HttpRequest, public_id: str) -> HttpResponse:
    """Programmes that screen first: the team opens backing after its check."""
    initiative = _reviewed(request, public_id)
    try:
        services.initiative_open_backing(initiative=initiative, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Backing is open: the residents concerned can respond now."))
    return _back(initiative)
