"""Pins as lists: all public pins with the map's filters (the map without a map), and the
resident's own pins."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participatie.pins import selectors
from participatie.pins.filters import PinFilterSet
from participatie.pins.models import Pin

PAGE_SIZE = 25


def pin_list(request: HttpRequest) -> HttpResponse:
    """The map without a map: the same filters (PinFilterSet) as the map and the API.
    Filters that are not understood are ignored, with a message, rather than an error."""
    data = request.GET.copy()
    if not data.getlist("kind"):
        data.setlist("kind", Pin.Kind.values)
    public = Pin.objects.public().select_related("category", "neighbourhood")
    filterset = PinFilterSet(data, queryset=public)
    pins = filterset.qs if filterset.is_valid() else public
    form = filterset.form
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
    response = render(request, "pins/pin_list.html", context)
    # Like the map's list and tiles: asked again every time, so a hidden pin is gone at once.
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def my_pins(request: HttpRequest) -> HttpResponse:
    context = {"pins": selectors.own_pins(request.user), "nav_section": "my-pins"}
    response = render(request, "pins/my_pins.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
