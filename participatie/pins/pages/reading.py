"""The pin page: what a pin is, where, its status history, photos, support and comments."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from maps.areas import spot_of
from maps.basemap import basemap_config
from participatie.pins import roles, selectors
from participatie.pins.forms import CommentForm
from participatie.pins.models import Pin
from participatie.pins.visibility import pin_is_public

PIN_ZOOM = 17


def visible_pin(request: HttpRequest, public_id: str) -> Pin:
    """The pin if this user may see it: public pins, and a resident's own pins. Anything
    else is a 404, the same as a pin that does not exist."""
    return get_object_or_404(selectors.pin_detail_queryset(request.user), public_id=public_id)


def _spot(pin: Pin) -> tuple[float, float]:
    """(lat, lon) of the pin: the point, or a point on a line or in an area."""
    spot = spot_of(pin.geom)
    return spot.y, spot.x


def _map_config(pin: Pin) -> dict:
    return {
        **basemap_config(),
        "center": list(_spot(pin)),
        "zoom": PIN_ZOOM,
        "kind": pin.kind,
        # The neighbourhood's outline: some bearings when the background map is missing.
        "outline": json.loads(pin.neighbourhood.geom.json) if pin.neighbourhood else None,
    }


def _summary(pin: Pin) -> str:
    """A line for link previews and search results: what, about what, where. No names."""
    parts = [pin.get_kind_display(), pin.category.display_name]
    if pin.neighbourhood:
        parts.append(pin.neighbourhood.name)
    return " · ".join(str(part) for part in parts)


def render_pin_page(
    request: HttpRequest, pin: Pin, *, comment_form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    is_author = user.is_authenticated and pin.author_id == user.pk
    # Supports, comments and reports are for public pins only (the services say so too).
    is_public = pin_is_public(pin)
    context = {
        "pin": pin,
        "is_public": is_public,
        "share_url": request.build_absolute_uri(pin.get_absolute_url()),
        "summary": _summary(pin),
        "big_map_url": reverse("map") + "#{}/{:.5f}/{:.5f}".format(PIN_ZOOM, *_spot(pin)),
        "is_author": is_author,
        "is_private": not pin.category.is_shown_publicly,
        "can_participate": roles.can_participate(user),
        "supported": bool(selectors.pin_supported_by(pin, user)),
        "comments": pin.shown_comments,
        "comment_form": comment_form or CommentForm(),
        "status_changes": pin.status_changes.all(),
        "photos": pin.photos.all(),
        "map_config": _map_config(pin),
        "open_for_changes": is_author and pin.is_open_for_changes,
        # Staff who handle this pin get a link to its handling page in the workspace.
        "handles": Pin.objects.handled_by(user).filter(pk=pin.pk).exists(),
        "photo_count": settings.PIN_PHOTO_MAX_COUNT,
    }
    response = render(request, "pins/pin_detail.html", context, status=status)
    # Counts and the support button change with every visit; private pins never get cached.
    response["Cache-Control"] = "private, no-cache"
    return response


def pin_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return render_pin_page(request, visible_pin(request, public_id))
