"""Proposing an initiative: the form (new, or grown out of an idea pin), changing the
draft, submitting it, and co-organisers joining by the organiser's invitation link."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.gis.geos import Point
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maps.areas import areas_for, spot_of
from participatie.initiatives import roles, services
from participatie.initiatives.models import Initiative
from participatie.initiatives.pages.common import errors_spread, initiative_or_404, map_config
from participatie.initiatives.pages.forms import (
    BudgetLineFormSet,
    ProposalForm,
    VolunteerRoleFormSet,
    euro_text,
    filled_rows,
)
from participatie.initiatives.services.proposals import INVITE_DAYS, INVITE_SALT
from participatie.pins.models import Pin
from participatie.pins.pages.common import participation_refused

BUDGET_ROWS = 5
ROLE_ROWS = 3


def _idea_pin(public_id: str | None) -> Pin | None:
    if not public_id:
        return None
    return (
        Pin.objects.public()
        .filter(kind=Pin.Kind.IDEA, public_id=str(public_id).strip()[:32])
        .first()
    )


def _rows(initial: list[dict], minimum: int) -> list[dict]:
    """The rows the page shows: those filled in, and empty ones up to `minimum` (+1)."""
    return initial + [{}] * max(1, minimum - len(initial))


def _posted_rows(post, prefix: str, keys: tuple[str, ...]) -> list[dict]:
    try:
        total = min(int(post.get(f"{prefix}-TOTAL_FORMS", "0")), 30)
    except ValueError:
        total = 0
    return [{key: post.get(f"{prefix}-{i}-{key}", "") for key in keys} for i in range(total)]


def _forms(request: HttpRequest, *, initial=None, lines=(), roles_=()):
    """The proposal form and its two row formsets; "Add a row" (a submit button named
    `more`, so it works without a script) shows the input again, unchecked, with one more
    empty row."""
    posted = request.method == "POST"
    more = request.POST.get("more") if posted else None
    budget_rows, role_rows = BUDGET_ROWS, ROLE_ROWS
    if more:
        budget_rows = role_rows = 0  # as they were, and the one empty row asked for
        post = request.POST
        initial = {key: post.get(key) for key in ProposalForm.base_fields}
        lines = _posted_rows(post, "budget", ("description", "amount"))
        roles_ = _posted_rows(post, "roles", ("name", "count_needed"))
        # _rows adds an empty row to each; the other table keeps only its filled rows.
        if more != "budget":
            lines = [row for row in lines if any(row.values())]
        if more != "roles":
            roles_ = [row for row in roles_ if any(row.values())]
        posted = False
    data = request.POST if posted else None
    form = ProposalForm(data, initial=initial)
    budget = BudgetLineFormSet(
        data, prefix="budget", initial=None if posted else _rows(list(lines), budget_rows)
    )
    volunteers = VolunteerRoleFormSet(
        data, prefix="roles", initial=None if posted else _rows(list(roles_), role_rows)
    )
    return form, budget, volunteers


def _render(request, *, form, budget, volunteers, initiative=None, pin=None, status=200):
    marker = None
    with contextlib.suppress(TypeError, ValueError):
        marker = Point(float(form["lon"].value()), float(form["lat"].value()), srid=4326)
    context = {
        "form": form,
        "budget": budget,
        "volunteers": volunteers,
        "initiative": initiative,
        "pin": pin,
        "map_config": map_config(initiative, marker=marker),
        "nav_section": "initiatives",
    }
    response = render(request, "initiatives/proposal_form.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _save(request, *, form, budget, volunteers, initiative=None) -> Initiative | None:
    valid = all([form.is_valid(), budget.is_valid(), volunteers.is_valid()])
    if not valid:
        return None
    data = form.service_data()
    data["budget_lines"] = [
        {"description": row["description"], "amount_cents": row["amount"]}
        for row in filled_rows(budget, ("description", "amount"))
    ]
    data["volunteer_roles"] = [
        {"name": row["name"], "count_needed": row["count_needed"]}
        for row in filled_rows(volunteers, ("name", "count_needed"))
    ]
    targets = {
        "location": form,
        "area": form,
        "budget_lines": budget,
        "volunteer_roles": volunteers,
        "means": form,
    }
    renamed = {"location": "lon", "means": "means_description"}
    try:
        if initiative is None:
            pin = form.cleaned_data.get("from_pin") or None
            return services.initiative_create(organiser=request.user, from_pin=pin, **data)
        if data["backing_area"] == Initiative.BackingArea.NEIGHBOURHOODS:
            # The spot may have moved: its neighbourhood is the one concerned, as on create.
            hood, _district = areas_for(data["location"])
            if hood is not None:
                data["backing_neighbourhoods"] = [hood]
        return services.initiative_update(initiative=initiative, by=request.user, **data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            error = ValidationError(
                {renamed.get(key, key): value for key, value in error.error_dict.items()}
            )
            targets.update({renamed[k]: form for k in renamed})
        errors_spread(error, targets, form)
    except PermissionDenied as denied:
        form.add_error(None, str(denied))
    return None


@require_http_methods(["GET", "POST"])
def initiative_new(request: HttpRequest) -> HttpResponse:
    refused = participation_refused(request)
    if refused:
        return refused
    pin = _idea_pin(request.GET.get("pin") or request.POST.get("from_pin"))
    initial = {"backing_area": Initiative.BackingArea.NEIGHBOURHOODS}
    if pin is not None:
        spot = spot_of(pin.geom)
        initial.update(
            {"title": pin.title, "description": pin.description, "lon": spot.x, "lat": spot.y}
        )
        initial["from_pin"] = pin.public_id
    form, budget, volunteers = _forms(request, initial=initial)
    if request.method == "POST" and request.POST.get("more"):
        return _render(request, form=form, budget=budget, volunteers=volunteers, pin=pin)
    if request.method == "POST":
        initiative = _save(request, form=form, budget=budget, volunteers=volunteers)
        if initiative is not None:
            messages.success(
                request,
                _("Your initiative is saved as a draft. Check it, then submit it."),
            )
            return redirect(initiative)
        return _render(
            request, form=form, budget=budget, volunteers=volunteers, pin=pin, status=400
        )
    return _render(request, form=form, budget=budget, volunteers=volunteers, pin=pin)


def _own_draft(request: HttpRequest, public_id: str) -> Initiative:
    initiative = initiative_or_404(request, public_id)
    if not roles.is_organiser(request.user, initiative):
        raise PermissionDenied(_("Only the organisers can change this initiative."))
    return initiative


@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    refused = participation_refused(request)
    if refused:
        return refused
    initiative = _own_draft(request, public_id)
    if initiative.status != Initiative.Status.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect(initiative)
    spot = initiative.geom
    area = initiative.area_geom
    means = initiative.means.select_related("centre").first()
    initial = {
        "title": initiative.title,
        "description": initiative.description,
        "kind": initiative.kind,
        "lon": spot.x,
        "lat": spot.y,
        "area": ";".join(f"{x:.6f},{y:.6f}" for x, y in area.exterior_ring.coords[:-1])
        if area is not None
        else "",
        "backing_area": initiative.backing_area,
        "backing_radius_m": initiative.backing_radius_m,
        "starts_on": initiative.starts_on,
        "ends_on": initiative.ends_on,
        "means_description": means.description if means else "",
        "means_centre": means.centre if means else None,
    }
    lines = [
        {"description": line.description, "amount": euro_text(line.amount_cents)}
        for line in initiative.budget_lines.order_by("position", "pk")
    ]
    roles_ = [
        {"name": role.name, "count_needed": role.count_needed}
        for role in initiative.volunteer_roles.order_by("position", "pk")
    ]
    form, budget, volunteers = _forms(request, initial=initial, lines=lines, roles_=roles_)
    if request.method == "POST" and request.POST.get("more"):
        status = 200
    elif request.method == "POST":
        saved = _save(
            request, form=form, budget=budget, volunteers=volunteers, initiative=initiative
        )
        if saved is not None:
            messages.success(request, _("Your changes have been saved."))
            return redirect(saved)
        else:
            status = 400
    else:
        status = 200
    return _render(
        request,
        form=form,
        budget=budget,
        volunteers=volunteers,
        initiative=initiative,
        status=status,
    )


@require_POST
def initiative_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    refused = participation_refused(request)
    if refused:
        return refused
    initiative = _own_draft(request, public_id)
    try:
        services.initiative_submit(initiative=initiative, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Your initiative is submitted. The residents concerned can back it now."),
        )
    return redirect(initiative)


def invitation_token(initiative: Initiative) -> str:
    """The organiser's invitation token (the service's: signed, valid INVITE_DAYS days)."""
    return services.co_organiser_invite(initiative=initiative, by=initiative.organiser)


def _invitation_valid(token: str, public_id: str) -> bool:
    """Whether `token` is a current invitation to this initiative (the service checks it
    again when the resident joins)."""
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_DAYS * 24 * 3600)
    except signing.BadSignature:  # SignatureExpired is one
        return False
    return isinstance(data, dict) and data.get("initiative") == public_id


@require_http_methods(["GET", "POST"])
def initiative_join(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """The organiser's invitation link: a resident who opens it can join as co-organiser."""
    refused = participation_refused(request)
    if refused:
        return refused
    if not _invitation_valid(token, public_id):
        # Nothing said about whether the initiative exists (a draft is private).
        messages.error(
            request, _("This invitation link is not valid. Ask the organiser for it again.")
        )
        return redirect("initiative-list-page")
    # The invitation shows the draft too: whoever has the organiser's link may see it.
    initiative = get_object_or_404(Initiative, public_id=public_id)
    if request.method == "POST":
        try:
            services.co_organiser_join(initiative=initiative, user=request.user, token=token)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
        else:
            messages.success(request, _("You are a co-organiser of this initiative now."))
        return redirect(initiative)
    context = {"initiative": initiative, "token": token, "nav_section": "initiatives"}
    return render(request, "initiatives/join.html", context)
