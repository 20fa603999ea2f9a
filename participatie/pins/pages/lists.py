"""Pins as lists: all public pins with the map's filters (the map without a map), and the
resident's own pins."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participatie.pins.models import Pin
from participatie.web import selectors
from participatie.web.forms import PinFilterForm

PAGE_SIZE = 25


def pin_list(request: HttpRequest) -> HttpResponse:
    form = PinFilterForm(request.GET or None, initial={"kind": Pin.Kind.values})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        pins = selectors.filtered_public_pins(
            kinds=data["kind"],
            category=data["category"],
            statuses=form.statuses(),
            area=data["area"],
        )
    else:
        pins = selectors.filtered_public_pins(kinds=[], category="", statuses=[], area="")
    page = Paginator(pins.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "nav_section": "pins",
    }
    return render(request, "pins/pin_list.html", context)


@login_required
def my_pins(request: HttpRequest) -> HttpResponse:
    context = {"pins": selectors.own_pins(request.user), "nav_section": "my-pins"}
    response = render(request, "pins/my_pins.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
