"""Reads of the map layers: which properties each layer publishes, and their GeoJSON.

The property maps are shared by the GeoJSON API, the area pages and the vector tiles, so
every output of a layer shows the same fields.
"""

from __future__ import annotations

from django.db.models import Case, CharField, Expression, F, TextField, Value, When
from django.db.models.functions import Cast

from maps.geojson import Properties, feature_collection
from maps.models import Area, Centre, Greenery, PlannedWork, Playground


def choice_label(field: str, choices) -> Expression:
    """The display label of a choice field, in the active language, computed in SQL."""
    return Case(
        *[When(**{field: value}, then=Value(str(label))) for value, label in choices],
        default=Value(""),
        output_field=CharField(),
    )


def _iso(field: str) -> Expression:
    return Cast(F(field), TextField())


def area_properties() -> Properties:
    return {
        "code": "code",
        "name": "name",
        "level": "level",
        "level_label": choice_label("level", Area.Level.choices),
        "parent_code": "parent__code",
        "is_priority": "is_priority",
    }


def layer_properties(model) -> Properties:
    common = {"name": "name", "description": "description", "is_demo": "is_demo"}
    if model is Playground:
        return common | {
            "age_group": "age_group",
            "age_group_label": choice_label("age_group", Playground.AgeGroup.choices),
        }
    if model is Greenery:
        return common | {"kind": "kind", "kind_label": choice_label("kind", Greenery.Kind.choices)}
    if model is PlannedWork:
        return common | {
            "kind": "kind",
            "kind_label": choice_label("kind", PlannedWork.Kind.choices),
            "status": "status",
            "status_label": choice_label("status", PlannedWork.Status.choices),
            "owner": "owner__name",
            "start_date": _iso("start_date"),
            "end_date": _iso("end_date"),
        }
    if model is Centre:
        return common | {
            "address": "address",
            "postcode": "postcode",
            "city": "city",
            "opening_hours": "opening_hours",
            "consultation_hours": "consultation_hours",
            "website": "website",
        }
    raise ValueError(f"no map layer for {model.__name__}")


def areas_geojson(queryset) -> bytes:
    return feature_collection(queryset, area_properties(), id_field="code")


def layer_geojson(queryset) -> bytes:
    return feature_collection(queryset, layer_properties(queryset.model))
