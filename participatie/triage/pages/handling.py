"""A pin in the workspace: what it is, where, its handling history and internal notes, and
— for those who handle it — forms to assign it, answer it publicly and keep a note.

Which pins can be opened is Pin.objects.visible_to(user) (anything else is a 404, the same
as a pin that does not exist); who may change one is Pin.objects.handled_by(user), which
the pins' services check again. Every form posts, then redirects back with a message."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maps.areas import spot_of
from maps.basemap import basemap_config
from participatie.pins import services
from participatie.pins.models import Pin, PinEvent
from participatie.triage import selectors
from participatie.triage.pages.access import refused, workspace_view
from participatie.triage.pages.forms import AssignForm, NoteForm, StatusForm
from participatie.triage.pages.workspace import LAST_QUERY

PIN_ZOOM = 17


def _pin(request: HttpRequest, pk: int) -> Pin:
    pins = Pin.objects.visible_to(request.user).select_related(
        "category", "neighbourhood", "district", "partner", "assignee", "author"
    )
    return get_object_or_404(pins, pk=pk)


def _handles(request: HttpRequest, pin: Pin) -> bool:
    return Pin.objects.handled_by(request.user).filter(pk=pin.pk).exists()


def _map_config(pin: Pin) -> dict:
    """For the pins' page script (pin.js): the place, and the neighbourhood's outline."""
    spot = spot_of(pin.geom)
    return {
        **basemap_config(),
        "center": [spot.y, spot.x],
        "zoom": PIN_ZOOM,
        "kind": pin.kind,
        "outline": json.loads(pin.neighbourhood.geom.json) if pin.neighbourhood else None,
    }


def _back_url(request: HttpRequest) -> str:
    query = request.session.get(LAST_QUERY, "")
    return reverse("workspace") + (f"?{query}" if query else "")


def _events(pin: Pin, handles: bool) -> list[PinEvent]:
    """The handling history. A note's excerpt only for those who handle the pin: notes are
    for the partners handling it, not for staff of other districts who read along."""
    events = list(pin.events.select_related("actor__partner"))
    if not handles:
        for event in events:
            if event.kind == PinEvent.Kind.NOTE:
                event.detail = ""
    return events


def render_pin(request: HttpRequest, pin: Pin, *, status: int = 200, **forms) -> HttpResponse:
    handles = _handles(request, pin)
    context = {
        "pin": pin,
        "handles": handles,
        "back_url": _back_url(request),
        "photos": pin.photos.all(),
        "events": _events(pin, handles),
        "answers": pin.status_changes.exclude(reason=""),
        "notes": pin.notes.select_related("author__partner") if handles else [],
        "is_confidential": pin.category.is_sensitive,
        "map_config": _map_config(pin),
        "nav_section": "workspace",
    }
    if handles:
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            initial={"partner": pin.partner_id, "assignee": pin.assignee_id},
            handlers=selectors.handlers_of(pin),
        )
        context["status_form"] = forms.get("status_form") or StatusForm(
            initial={"status": pin.status}
        )
        context["note_form"] = forms.get("note_form") or NoteForm()
    response = render(request, "triage/pin.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _errors_add(form: Form, error: ValidationError) -> None:
    """A service's errors on the form's fields (keys it has no field for: on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        form.add_error(key if key in form.fields else None, errors)


def _handled_pin(request: HttpRequest, pk: int) -> Pin | HttpResponse:
    pin = _pin(request, pk)
    return pin if _handles(request, pin) else refused(request)


def _done(request: HttpRequest, pin: Pin, text: str, anchor: str = "") -> HttpResponse:
    messages.success(request, text)
    return redirect(reverse("workspace-pin", args=[pin.pk]) + (f"#{anchor}" if anchor else ""))


@workspace_view
@require_GET
def pin_handle(request: HttpRequest, pk: int) -> HttpResponse:
    return render_pin(request, _pin(request, pk))


@workspace_view
@require_POST
def pin_assign(request: HttpRequest, pk: int) -> HttpResponse:
    pin = _handled_pin(request, pk)
    if isinstance(pin, HttpResponse):
        return pin
    form = AssignForm(request.POST, handlers=selectors.handlers_of(pin))
    if form.is_valid():
        data = form.cleaned_data
        partner, assignee = data["partner"], data["assignee"]
        if (partner is None or partner.pk == pin.partner_id) and (
            assignee is None or assignee.pk == pin.assignee_id
        ):
            messages.info(request, _("Nothing changed: that is how the report is assigned now."))
            return redirect("workspace-pin", pk=pin.pk)
        try:
            services.pin_assign(pin=pin, by=request.user, partner=partner, assignee=assignee)
        except ValidationError as error:
            _errors_add(form, error)
        except PermissionDenied:
            return refused(request)
        else:
            return _done(request, pin, _("The report has been assigned."), "history")
    return render_pin(request, pin, assign_form=form, status=400)


@workspace_view
@require_POST
def pin_status(request: HttpRequest, pk: int) -> HttpResponse:
    pin = _handled_pin(request, pk)
    if isinstance(pin, HttpResponse):
        return pin
    form = StatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.pin_set_status(
                pin=pin, status=data["status"], reason=data["reason"], by=request.user
            )
        except ValidationError as error:
            _errors_add(form, error)
        except PermissionDenied:
            return refused(request)
        else:
            text = (
                _("Saved. The answer is on the report's page and has been e-mailed.")
                if data["reason"]
                else _("The status has been changed.")
            )
            return _done(request, pin, text, "history")
    return render_pin(request, pin, status_form=form, status=400)


@workspace_view
@require_POST
def pin_note(request: HttpRequest, pk: int) -> HttpResponse:
    pin = _handled_pin(request, pk)
    if isinstance(pin, HttpResponse):
        return pin
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(pin=pin, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _errors_add(form, error)
        except PermissionDenied:
            return refused(request)
        else:
            return _done(request, pin, _("The note has been added."), "notes")
    return render_pin(request, pin, note_form=form, status=400)
