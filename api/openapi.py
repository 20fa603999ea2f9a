"""The OpenAPI schema's view of who may call an operation and what it answers with:

- `security`: `[]` where an operation takes no credentials at all (the token endpoint);
  an empty requirement `{}` next to the schemes where anyone may call it (reads), so a
  client sees which operations need a log-in;
- 401 wherever credentials are read: an unknown or revoked token is refused on any
  operation, and an operation that needs a log-in refuses a request without one;
- GeoJSON answers (`response_media_type` on the view) as `application/geo+json`, the
  media type they are served with;
- filter parameters as their form fields accept them: an empty value means "no filter"
  (django-filter skips it), integers with their bounds, strict booleans with the words
  they take;
- geometries of any type (a planned work is a line, a polygon, a multipolygon, ...) with
  every GeoJSON geometry type, not only the three drf-spectacular lists.

The error statuses themselves and their body are documented by api/schema.py.
"""

from __future__ import annotations

import copy

from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.rest_framework_gis import (
    build_geo_container_schema,
    build_geometry_geo_schema,
    build_linestring_schema,
    build_point_schema,
    build_polygon_schema,
)
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import build_array_type, build_object_type
from rest_framework import permissions

from api.permissions import IsVerifiedResidentOrReadOnly

# Permissions that let anyone read.
OPEN_FOR_READING = (permissions.AllowAny, IsVerifiedResidentOrReadOnly)

UNAUTHORIZED = {
    "description": (
        "The token is unknown or revoked (`WWW-Authenticate: Token`), or this operation "
        "needs a log-in and none was given."
    )
}


EMPTY = {"type": "string", "enum": [""]}


def _filter_parameter(parameter: dict, field: forms.Field) -> dict:
    """`parameter` (drf-spectacular's, from the filter's type) narrowed or widened to what
    the filter's form field accepts."""
    schema = parameter["schema"]
    if isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    accepted = getattr(field, "accepted_values", None)
    if accepted is not None:
        schema = {"type": "string", "enum": list(accepted)}
    if not field.required:
        # An empty value is no filter (the list pages' forms send them).
        if schema.get("type") == "array":
            items = schema["items"]
            if "enum" in items:
                schema = {**schema, "items": {**items, "enum": [*items["enum"], ""]}}
        elif "enum" in schema:
            if "" not in schema["enum"]:
                schema = {**schema, "enum": [*schema["enum"], ""]}
        elif schema.get("type") != "string" or "format" in schema:
            schema = {"anyOf": [schema, EMPTY]}
    return {**parameter, "schema": schema}


class AutoSchema(SpectacularAutoSchema):
    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = None
        for backend in self.get_filter_backends():
            if issubclass(backend, DjangoFilterBackend):
                queryset = self.view.get_queryset().none()
                filterset_class = backend().get_filterset_class(self.view, queryset)
        if filterset_class is None:
            return parameters
        filters = filterset_class.base_filters
        return [
            _filter_parameter(p, filters[p["name"]].field) if p["name"] in filters else p
            for p in parameters
        ]

    def get_auth(self):
        auths = super().get_auth()
        if not self.view.get_authenticators():
            return []
        perms = self.view.get_permissions()
        if (
            {} not in auths
            and self.method in permissions.SAFE_METHODS
            and all(isinstance(p, OPEN_FOR_READING) for p in perms)
        ):
            auths.append({})
        return auths

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if not self.view.get_authenticators():
            operation["security"] = []  # public: no credentials are read at all
        else:
            operation["responses"].setdefault("401", dict(UNAUTHORIZED))
        media_type = getattr(self.view, "response_media_type", None)
        if media_type and self.method == "GET":
            for code, response in operation["responses"].items():
                content = response.get("content", {})
                if code.startswith("2") and "application/json" in content:
                    response["content"] = {media_type: content["application/json"]}
        return operation


ALL_GEOMETRIES = {
    "oneOf": [
        *build_geometry_geo_schema()["oneOf"],
        build_geo_container_schema("MultiPoint", build_array_type(build_point_schema())),
        build_geo_container_schema("MultiLineString", build_array_type(build_linestring_schema())),
        build_geo_container_schema("MultiPolygon", build_array_type(build_polygon_schema())),
    ]
}
# GeoJSON's collection has `geometries`, not `coordinates` as drf-spectacular writes it.
ALL_GEOMETRIES["oneOf"].append(
    build_object_type(
        properties={
            "type": {"type": "string", "enum": ["GeometryCollection"]},
            "geometries": build_array_type(copy.deepcopy({"oneOf": ALL_GEOMETRIES["oneOf"]})),
        }
    )
)


def complete_geometries(result, generator, request, public):
    """Postprocessing hook: drf-spectacular describes a geometry of any type (a
    GeometryField) as a Point, LineString or Polygon only; the served multipolygons and
    collections then violate the schema. Every GeoJSON geometry type instead."""
    partial = build_geometry_geo_schema()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if value == partial:
                    node[key] = copy.deepcopy(ALL_GEOMETRIES)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result.get("components", {}))
    walk(result.get("paths", {}))
    return result
