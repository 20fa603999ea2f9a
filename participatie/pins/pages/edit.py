"""Placing a pin, and the author changing or withdrawing it while it is still new."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maps.areas import district_labels, spot_of
from maps.basemap import MAP_ZOOM, basemap_config
from maps.models import Area
from participatie.pins import roles, services
from participatie.pins.converters import pin_url_template
from participatie.pins.forms import PinForm, WithdrawForm
from participatie.pins.models import Category, Pin
from participatie.pins.pages.common import form_errors_add, participation_refused
from participatie.pins.pages.ratelimits import over_limit
from participatie.pins.pages.reading import PIN_ZOOM, visible_pin

# Service argument → form field. Location errors are shown at the map.
RENAME = {"geom": "lon"}


def _form_config(*, pin: Pin | None = None) -> dict:
    if pin is not None:
        spot = spot_of(pin.geom)
        center, zoom = [spot.y, spot.x], PIN_ZOOM
    else:
        municipality = Area.objects.municipality().only("geom").first()
        centroid = municipality.geom.centroid if municipality else None
        center = [centroid.y, centroid.x] if centroid else [52.15, 5.39]
        zoom = MAP_ZOOM
    return {
        **basemap_config(),
        "center": center,
        "zoom": zoom,
        "marker": center if pin is not None else None,
        # Outlines from the vector tiles of the municipality; district names from here.
        "municipality": settings.MUNICIPALITY_CODE,
        "districtLabels": district_labels(settings.MUNICIPALITY_CODE),
        "urls": {
            "search": reverse("place-search"),
            "lookup": reverse("place-lookup"),
            "similar": reverse("v1:public:pin-similar"),
            "pin": pin_url_template("pin-page"),
            "support": pin_url_template("pin-page-support"),
        },
    }


def _category_is_public(form: PinForm) -> bool:
    """Whether the chosen category is a public one: then the confidential promise and the
    consent start hidden (the page script shows them when a confidential one is chosen)."""
    value = form["category"].value()  # the slug, chosen or initial
    if not value or "\x00" in str(value):  # no slug; PostgreSQL cannot compare it
        return False
    return Category.objects.active().shown_publicly().filter(slug=value).exists()


def _render_form(request, form: PinForm, *, pin: Pin | None = None, status: int = 200):
    context = {
        "category_is_public": _category_is_public(form),
        "form": form,
        "pin": pin,
        "map_config": _form_config(pin=pin),
        "nav_section": "new-pin" if pin is None else None,
    }
    return render(request, "pins/pin_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def pin_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not roles.can_participate(user):
        # A friendly explanation instead of a bare redirect: what you need, and where.
        context = {"nav_section": "new-pin", "next": request.get_full_path()}
        return render(request, "pins/pin_new_signin.html", context)
    posted = request.method == "POST"
    form = PinForm(request.POST if posted else None, request.FILES if posted else None)
    # Over the limit, the form gets an error (so it is no longer valid) and keeps the input.
    limited = posted and form.is_valid() and over_limit(request, "pin_post", form)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            pin = services.pin_create(
                author=user,
                kind=data["kind"],
                category=data["category"],
                title=data["title"],
                description=data["description"],
                geom=data["geom"],
                photos=data["photos"],
                contact_consent=data["contact_consent"],
            )
        except ValidationError as error:
            form_errors_add(form, error, RENAME)
        else:
            if pin.category.is_shown_publicly:
                messages.success(request, _("Thank you! Your report is on the map now."))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! Your report went confidentially to the social team. Only "
                        "you and they can see it."
                    ),
                )
            return redirect(pin)
    status = 429 if limited else 400 if form.errors else 200
    return _render_form(request, form, status=status)


def _own_open_pin(request: HttpRequest, public_id: str) -> Pin:
    pin = visible_pin(request, public_id)
    if pin.author_id != request.user.pk:
        raise PermissionDenied(_("Only the person who posted this pin can change it."))
    return pin


@require_http_methods(["GET", "POST"])
def pin_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    refused = participation_refused(request)
    if refused:
        return refused
    pin = _own_open_pin(request, public_id)
    if not pin.is_open_for_changes:
        messages.error(request, _("This report is being handled and can no longer be changed."))
        return redirect(pin)
    spot = spot_of(pin.geom)
    initial = {
        "kind": pin.kind,
        "category": pin.category,
        "title": pin.title,
        "description": pin.description,
        "lon": spot.x,
        "lat": spot.y,
        "contact_consent": pin.contact_consent,
    }
    form = PinForm(
        request.POST if request.method == "POST" else None, initial=initial, with_photos=False
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.pin_update(
                pin=pin,
                by=request.user,
                kind=data["kind"],
                category=data["category"],
                title=data["title"],
                description=data["description"],
                geom=data["geom"],
                contact_consent=data["contact_consent"],
            )
        except ValidationError as error:
            form_errors_add(form, error, RENAME)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(pin)
    return _render_form(request, form, pin=pin, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def pin_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    refused = participation_refused(request)
    if refused:
        return refused
    pin = _own_open_pin(request, public_id)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pin_withdraw(pin=pin, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_errors_add(form, error, {"status": None})
        else:
            messages.success(request, _("Your report has been withdrawn."))
            return redirect("my-pins")
    context = {"form": form, "pin": pin}
    return render(request, "pins/pin_withdraw.html", context, status=400 if form.errors else 200)
