"""What the initiative pages share: finding an initiative, service errors on forms, the
map configuration of a page."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse

from maps.areas import district_labels
from maps.basemap import MAP_ZOOM, basemap_config
from maps.models import Area
from participatie.initiatives import selectors
from participatie.initiatives.models import Initiative

PLACE_ZOOM = 16


def initiative_or_404(request: HttpRequest, public_id: str) -> Initiative:
    initiative = selectors.initiative_by_public_id(public_id, user=request.user)
    if initiative is None:
        raise Http404
    return initiative


def errors_spread(error: ValidationError, targets: dict[str, object], default) -> None:
    """A service's ValidationError onto the page's forms: each key to the form (or formset)
    named in `targets` (a field of that form when it has one, else its general errors);
    unknown keys to `default`'s general errors."""
    items = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error)]
    for key, errors in items:
        target = targets.get(key, default)
        if hasattr(target, "fields"):  # a form
            field = key if key in target.fields else None
            target.add_error(field, errors)
        else:  # a formset: its non-form errors
            target._non_form_errors = target.non_form_errors() + list(
                ValidationError(errors).messages
            )


def map_config(initiative: Initiative | None = None, *, marker=None) -> dict:
    """The small map of a page: centred on the initiative (or the municipality), with its
    spot and drawn area."""
    spot = marker or (initiative.geom if initiative is not None else None)
    if spot is not None:
        center, zoom = [spot.y, spot.x], PLACE_ZOOM
    else:
        municipality = Area.objects.municipality().only("geom").first()
        centroid = municipality.geom.centroid if municipality else None
        center = [centroid.y, centroid.x] if centroid else [52.99, 6.56]
        zoom = MAP_ZOOM
    area = initiative.area_geom if initiative is not None else None
    return {
        **basemap_config(),
        "center": center,
        "zoom": zoom,
        "marker": [spot.y, spot.x] if spot is not None else None,
        "area": json.loads(area.geojson) if area is not None else None,
        "municipality": settings.MUNICIPALITY_CODE,
        "districtLabels": district_labels(settings.MUNICIPALITY_CODE),
        "urls": {"search": reverse("place-search"), "lookup": reverse("place-lookup")},
    }
