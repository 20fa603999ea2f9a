"""What residents and organisers do on an initiative's page: back or object, sign up for a
volunteer role, write in the question thread, withdraw; and the organiser's report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participatie.initiatives import roles, services
from participatie.initiatives.models import Initiative, VolunteerRole
from participatie.initiatives.pages.common import errors_spread, initiative_or_404
from participatie.initiatives.pages.forms import BackingForm, QuestionForm, ReportForm
from participatie.initiatives.pages.reading import render_initiative_page
from participatie.pins.pages.common import participation_refused


def _say(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error))


@require_POST
def initiative_respond(request: HttpRequest, public_id: str) -> HttpResponse:
    refused = participation_refused(request)
    if refused:
        return refused
    initiative = initiative_or_404(request, public_id)
    form = BackingForm(request.POST)
    if not form.is_valid():
        return render_initiative_page(request, initiative, backing_form=form, status=400)
    try:
        state = services.backing_create(
            initiative=initiative,
            resident=request.user,
            response=form.cleaned_data["response"],
            reason=form.cleaned_data["reason"],
        )
    except PermissionDenied as denied:
        messages.error(request, str(denied))
        return render_initiative_page(request, initiative, backing_form=form, status=403)
    except ValidationError as error:
        keys = getattr(error, "error_dict", {})
        if set(keys) <= {"response", "reason"} and keys:
            errors_spread(error, {}, form)
            return render_initiative_page(request, initiative, backing_form=form, status=400)
        _say(request, error)
        return redirect(initiative)
    if form.cleaned_data["response"] == "object":
        messages.success(request, _("Your objection is recorded. Thank you for responding."))
    elif state.reached:
        messages.success(
            request,
            _(
                "Thank you for backing it! The threshold is reached: the district team "
                "reviews it now."
            ),
        )
    else:
        messages.success(
            request,
            _("Thank you for backing it! %(backs)s of the %(needed)s backers needed.")
            % {"backs": state.backs, "needed": state.needed},
        )
    return redirect(initiative)


@require_POST
def volunteer(request: HttpRequest, public_id: str, role_pk: int) -> HttpResponse:
    refused = participation_refused(request)
    if refused:
        return refused
    initiative = initiative_or_404(request, public_id)
    role = get_object_or_404(VolunteerRole, pk=role_pk, initiative=initiative)
    cancel = request.POST.get("action") == "cancel"
    try:
        if cancel:
            services.volunteer_signup_cancel(role=role, resident=request.user)
        else:
            services.volunteer_signup(role=role, resident=request.user)
    except (ValidationError, PermissionDenied) as error:
        _say(request, error)
    else:
        if cancel:
            messages.success(
                request, _("You are no longer signed up for “%(role)s”.") % {"role": role.name}
            )
        else:
            messages.success(
                request,
                _("You are signed up for “%(role)s”. The organisers will contact you.")
                % {"role": role.name},
            )
    return redirect(initiative)


@require_POST
def question(request: HttpRequest, public_id: str) -> HttpResponse:
    """An organiser's answer in the thread (the district team writes on the review page)."""
    refused = participation_refused(request)
    if refused:
        return refused
    initiative = initiative_or_404(request, public_id)
    if not roles.is_organiser(request.user, initiative):
        raise PermissionDenied(_("Only the organisers and the district team write here."))
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(
                initiative=initiative, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            errors_spread(error, {}, form)
        else:
            messages.success(request, _("Your message is sent to the district team."))
            return redirect(initiative.get_absolute_url() + "#questions")
    return render_initiative_page(request, initiative, question_form=form, status=400)


@require_POST
def withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    refused = participation_refused(request)
    if refused:
        return refused
    initiative = initiative_or_404(request, public_id)
    try:
        services.initiative_withdraw(initiative=initiative, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _say(request, error)
    else:
        messages.success(request, _("The initiative is withdrawn."))
    return redirect(initiative)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    """After the event: what happened, what was spent per budget line, photos → realised."""
    refused = participation_refused(request)
    if refused:
        return refused
    initiative = initiative_or_404(request, public_id)
    if not roles.is_organiser(request.user, initiative):
        raise PermissionDenied(_("Only the organisers report on this initiative."))
    if initiative.status not in (Initiative.Status.GRANTED, Initiative.Status.PARTLY_GRANTED):
        messages.error(request, _("A report can be written once the initiative is granted."))
        return redirect(initiative)
    lines = list(initiative.budget_lines.filter(granted_cents__gt=0).order_by("position", "pk"))
    posted = request.method == "POST"
    form = ReportForm(
        request.POST if posted else None, request.FILES if posted else None, lines=lines
    )
    if posted and form.is_valid():
        try:
            services.initiative_report(
                initiative=initiative,
                by=request.user,
                text=form.cleaned_data["text"],
                spent=form.spent(),
                photos=form.cleaned_data["photos"],
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                form.add_error(None, str(error))
            else:
                errors_spread(error, {}, form)
        else:
            messages.success(request, _("Thank you! The initiative is marked as realised."))
            return redirect(initiative)
    context = {"initiative": initiative, "form": form, "nav_section": "initiatives"}
    status = 400 if form.errors else 200
    response = render(request, "initiatives/report_form.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
