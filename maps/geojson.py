"""GeoJSON FeatureCollections built inside PostGIS.

One aggregate query turns a queryset into the finished JSON text (jsonb_build_object +
ST_AsGeoJSON + jsonb_agg): no model instances, no Python serialisation per feature — about
20× faster than a DRF-GIS serializer on thousands of features (see bench/).
"""

from __future__ import annotations

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import Expression, F, JSONField, QuerySet, TextField, Value
from django.db.models.functions import Cast, Coalesce, JSONObject

Properties = dict[str, Expression | str]


def as_expressions(properties: Properties) -> dict[str, Expression]:
    """Property maps name a field by its path ("owner__name") or give an expression."""
    return {key: F(value) if isinstance(value, str) else value for key, value in properties.items()}


def feature_expression(
    properties: Properties, *, geom: str = "geom", id_field: str = "pk", precision: int = 6
) -> JSONObject:
    return JSONObject(
        type=Cast(Value("Feature"), TextField()),
        id=F(id_field),
        geometry=Cast(AsGeoJSON(geom, precision=precision), JSONField()),
        properties=JSONObject(**as_expressions(properties)),
    )


def feature_collection(queryset: QuerySet, properties: Properties, **options) -> bytes:
    """The FeatureCollection of `queryset` as UTF-8 JSON bytes, built in one query."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    features = Coalesce(
        Cast(JSONBAgg(feature_expression(properties, **options), order_by=ordering), TextField()),
        Value("[]"),
        output_field=TextField(),
    )
    text = queryset.order_by().aggregate(features=features)["features"]
    return b'{"type":"FeatureCollection","features":' + text.encode() + b"}"
