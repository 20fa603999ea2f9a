"""The pin page: what a pin is, where, its status history, photos, support and comments.

For a visitor who is not signed in, everything but the linked initiatives is the same for
every such visitor: rendered once per pin and kept in the page cache (maps/pagecache.py)
under a digest of the rows the page shows (`selectors.public_pin_page_stamp`), read in
one query on every view. Any write to the pin, its comments, photos or history, or the
accounts and partners they show, gives a new digest, so the next view shows it. Signed-in
visitors (their support, CSRF token, own-report and handling links) get the page rendered
for them, as before.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from maps import pagecache
from maps.areas import spot_of
from maps.basemap import basemap_config
from maps.models import Area
from participatie.pins import roles, selectors
from participatie.pins.forms import CommentForm
from participatie.pins.models import Pin
from participatie.pins.visibility import pin_is_public

PIN_ZOOM = 17


def visible_pin(request: HttpRequest, public_id: str) -> Pin:
    """The pin if this user may see it: public pins, and a resident's own pins. Anything
    else is a 404, the same as a pin that does not exist."""
    # The areas' outlines are not shown from here (the neighbourhood's comes from the page
    # cache, `_outline`): not read with every pin.
    pins = selectors.pin_detail_queryset(request.user).defer(
        "neighbourhood__geom", "district__geom"
    )
    return get_object_or_404(pins, public_id=public_id)


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
        "outline": _outline(pin.neighbourhood_id) if pin.neighbourhood_id else None,
    }


def _outline(area_id: int) -> dict:
    """An area's outline as GeoJSON, cached until an area changes (maps/pagecache.py)."""

    def build() -> dict:
        return json.loads(Area.objects.only("geom").get(pk=area_id).geom.json)

    return pagecache.cached(f"outline:{area_id}", build)


def _summary(pin: Pin) -> str:
    """A line for link previews and search results: what, about what, where. No names."""
    parts = [pin.get_kind_display(), pin.category.display_name]
    if pin.neighbourhood:
        parts.append(pin.neighbourhood.name)
    return " · ".join(str(part) for part in parts)


def _context(request: HttpRequest, pin: Pin, *, comment_form: CommentForm | None) -> dict:
    user = request.user
    is_author = user.is_authenticated and pin.author_id == user.pk
    # Supports, comments and reports are for public pins only (the services say so too).
    is_public = pin_is_public(pin)
    return {
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


def _page(request: HttpRequest, context: dict, *, status: int = 200) -> HttpResponse:
    response = render(request, "pins/pin_detail.html", context, status=status)
    # Counts and the support button change with every visit; private pins never get cached.
    response["Cache-Control"] = "private, no-cache"
    return response


def render_pin_page(
    request: HttpRequest, pin: Pin, *, comment_form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    return _page(request, _context(request, pin, comment_form=comment_form), status=status)


# The parts of pins/pin_detail.html that are the same for every visitor not signed in.
PUBLIC_PARTS = ("head", "top", "bottom")


def _public_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """The page of a public pin for a visitor who is not signed in (module docstring)."""
    stamp = selectors.public_pin_page_stamp(public_id)
    if stamp is None:
        raise Http404  # not public (or no such pin): the same 404 as `visible_pin`'s
    # The address is in the parts (share link, "log in" links back here).
    address = hashlib.sha256(request.build_absolute_uri(request.path).encode()).hexdigest()

    def build() -> dict[str, str]:
        pin = visible_pin(request, public_id)  # read after the stamp: never older than it
        context = _context(request, pin, comment_form=None)
        return {
            name: render_to_string(f"pins/_pin_{name}.html", context, request)
            for name in PUBLIC_PARTS
        }

    parts = pagecache.cached(f"pin:{stamp.pk}:{stamp.digest}:{address}", build)
    return _page(
        request,
        {
            "pin": stamp,
            "is_public": True,
            # Rendered by the templates above, which escape what they show.
            "parts": {name: mark_safe(html) for name, html in parts.items()},  # noqa: S308
        },
    )


def pin_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return _public_page(request, public_id)
    return render_pin_page(request, visible_pin(request, public_id))
