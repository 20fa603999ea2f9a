"""How projects and options are shown to residents, the same on the project page, its
script and the public API: options as GeoJSON (drawing corners, features with their kind),
the features as a list with counts and sizes for people who cannot use the map, and what
each way of voting guarantees."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from participatie.voting.models import DesignOption, RedesignProject
from participatie.voting.selectors import Results

# The kinds of design features (a feature's `kind` property), in the order of the legend.
FEATURE_KINDS = {
    "tree": _("Tree"),
    "bench": _("Bench"),
    "parking": _("Parking"),
    "path": _("Path"),
    "play": _("Play area"),
    "other": _("Other"),
}
FEATURE_COUNTS = {
    "tree": ngettext_lazy("%(count)d tree", "%(count)d trees", "count"),
    "bench": ngettext_lazy("%(count)d bench", "%(count)d benches", "count"),
    "parking": ngettext_lazy("%(count)d parking place", "%(count)d parking places", "count"),
    "path": ngettext_lazy("%(count)d path", "%(count)d paths", "count"),
    "play": ngettext_lazy("%(count)d play area", "%(count)d play areas", "count"),
    "other": ngettext_lazy("%(count)d other feature", "%(count)d other features", "count"),
}
# Metres and square metres: the Dutch national grid (RD New).
METRIC_SRID = 28992


def feature_kind(kind: str) -> str:
    return kind if kind in FEATURE_KINDS else "other"


def option_features(option: DesignOption) -> dict:
    """The option's design features as a FeatureCollection, each with its kind."""
    features = []
    geoms = list(option.features) if option.features is not None else []
    kinds = option.feature_kinds or []
    for index, geom in enumerate(geoms):
        kind = feature_kind(kinds[index] if index < len(kinds) else "")
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(geom.geojson),
                "properties": {"kind": kind, "kind_label": str(FEATURE_KINDS[kind])},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def option_feature(option: DesignOption, absolute: Callable[[str], str] = str) -> dict:
    """One option as a GeoJSON Feature: its design features as the geometry (a
    GeometryCollection, `feature_kinds` in the same order), the drawing with its four
    corners, and its images. `absolute` makes file URLs absolute (the API's request)."""
    overlay = None
    if option.overlay and option.overlay_corners:
        overlay = {"url": absolute(option.overlay.url), "corners": option.overlay_corners}
    geometry = json.loads(option.features.geojson) if option.features is not None else None
    return {
        "type": "Feature",
        "id": option.pk,
        "geometry": geometry,
        "properties": {
            "title": option.title,
            "description": option.description,
            "order": option.order,
            "version": option.version,
            "overlay": overlay,
            "feature_kinds": [feature_kind(k) for k in option.feature_kinds or []],
            "images": [
                {"url": absolute(img.image.url), "alt": img.alt} for img in option.images.all()
            ],
        },
    }


@dataclass(frozen=True)
class FeatureLine:
    kind: str
    label: str  # "3 trees"
    length_m: int | None = None  # lines together
    area_m2: int | None = None  # areas together


def feature_summary(option: DesignOption) -> list[FeatureLine]:
    """The features per kind, as text: how many, and how long or how large together."""
    if option.features is None:
        return []
    counts: dict[str, list] = {}
    kinds = option.feature_kinds or []
    # One transformation for the whole collection: each one sets PROJ up anew (tens of
    # milliseconds), which per feature made a page with 140 features take seconds.
    metric = option.features.transform(METRIC_SRID, clone=True)
    for index, geom in enumerate(metric):
        kind = feature_kind(kinds[index] if index < len(kinds) else "")
        counts.setdefault(kind, []).append(geom)
    lines = []
    for kind in FEATURE_KINDS:
        geoms = counts.get(kind)
        if not geoms:
            continue
        length = sum(g.length for g in geoms if g.dims == 1)
        area = sum(g.area for g in geoms if g.dims == 2)
        lines.append(
            FeatureLine(
                kind=kind,
                label=FEATURE_COUNTS[kind] % {"count": len(geoms)},
                length_m=round(length) if length else None,
                area_m2=round(area) if area else None,
            )
        )
    return lines


def eligibility_promise(project: RedesignProject) -> str:
    """Who may vote, and what that guarantees: said on the project page and in the API."""
    if project.eligibility == RedesignProject.Eligibility.CODES:
        return str(
            _(
                "One vote per household: every address in the area received a letter with a "
                "voting code that works once. You need no account. This is a binding vote."
            )
        )
    return str(
        _(
            "Residents of the area vote with their account: a confirmed e-mail address and the "
            "home neighbourhood they gave themselves. The site cannot check where someone "
            "lives, and one person with several e-mail addresses could vote more than once: "
            "this vote shows the opinion of the neighbourhood and is not binding."
        )
    )


def leading_options(result: Results) -> list[dict]:
    """The option(s) with the most votes (several on a tie; none without ballots)."""
    top = max((row.votes for row in result.options), default=0)
    if not result.ballots or not top:
        return []
    return [
        {"id": row.option_id, "title": row.title, "votes": row.votes, "share": row.share}
        for row in result.options
        if row.votes == top
    ]
