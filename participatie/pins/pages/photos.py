"""A pin's photos and thumbnails, served only to those who may see the pin.

Every pin photo lives under MEDIA_ROOT/private/, which /media/ never serves. This view asks
the one visibility rule (`visible_to`) on each request, in the same query that finds the
file, so a pin that is hidden, withdrawn or whose category turns confidential stops showing
its photos at once: no file has to move, no cached copy outlives the change.

Photos of public pins may be stored by shared caches but must revalidate every time
(`no-cache` with an ETag, the policy of the tiles and pin lists: a 304 costs one indexed
query); photos of any other pin are `private, no-store`.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_safe

from participatie.pins.models import Pin, PinPhoto


def _photo_file(request: HttpRequest, public_id: str, name: str):
    """(file field, whether the pin is public) or Http404, in one query."""
    filename = f"/{name}.jpg"
    photo = (
        PinPhoto.objects.filter(
            pin__in=Pin.objects.visible_to(request.user).filter(public_id=public_id)
        )
        .filter(Q(image__endswith=filename) | Q(thumbnail__endswith=filename))
        .annotate(pin_is_public=Exists(Pin.objects.public().filter(pk=OuterRef("pin_id"))))
        .only("image", "thumbnail")
        .first()
    )
    if photo is None:
        raise Http404
    file = photo.image if photo.image.name.endswith(filename) else photo.thumbnail
    return file, photo.pin_is_public


@require_safe
def pin_photo(request: HttpRequest, public_id: str, name: str) -> HttpResponse:
    file, is_public = _photo_file(request, public_id, name)
    try:
        handle = file.storage.open(file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    if is_public:
        # The name is random per upload and a file is never rewritten: it is its own ETag.
        etag = f'"{name}"'
        if etag in request.headers.get("If-None-Match", ""):
            handle.close()
            response = HttpResponseNotModified()
        else:
            response = FileResponse(handle, content_type="image/jpeg")
        response["ETag"] = etag
        response["Cache-Control"] = "public, no-cache"
    else:
        response = FileResponse(handle, content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
    # Who may see it depends on the session: a shared cache must not answer for another.
    response["Vary"] = "Cookie"
    return response
