"""The OpenAPI schema is exact: drf-spectacular generates it without a single warning and
it validates against the OpenAPI specification."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    # --fail-on-warn turns any warning (an untyped filter, an enum name collision, a field
    # it cannot resolve) into a SchemaGenerationError, so this fails on the first one.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert out.read_text().startswith("openapi: 3.")


@pytest.fixture
def schema(api):
    response = api.get("/api/schema/", params={"format": "json"})
    assert response.status_code == 200
    return response.json()


def operation(schema, path, method="get"):
    return schema["paths"][f"/api/v1/{path}"][method]


def test_public_operations_say_no_log_in_is_needed(schema):
    # The token endpoint reads no credentials at all.
    assert operation(schema, "public/auth/token/", "post")["security"] == []
    # Reads anyone may do: the empty requirement next to the schemes.
    for path in ("public/areas/", "public/planned-works/", "public/pins/"):
        assert {} in operation(schema, path)["security"], path
    # A log-in is needed: no empty requirement, and a 401 is documented.
    for path, method in (("public/me/pins/", "get"), ("public/pins/", "post")):
        assert {} not in operation(schema, path, method)["security"], path
        assert "401" in operation(schema, path, method)["responses"], path


def test_geojson_answers_have_their_media_type(schema):
    for path in ("public/areas/", "public/planned-works/", "public/pins/", "public/me/pins/"):
        assert list(operation(schema, path)["responses"]["200"]["content"]) == [
            "application/geo+json"
        ], path
    # A single feature is served as JSON by DRF.
    assert (
        "application/json"
        in operation(schema, "public/centres/{id}/")["responses"]["200"]["content"]
    )


def test_a_planned_work_may_be_any_geometry_type(schema):
    geometry = schema["components"]["schemas"]["PlannedWork"]["properties"]["geometry"]
    kinds = {option["properties"]["type"]["enum"][0] for option in geometry["oneOf"]}
    assert kinds == {
        "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon",
        "GeometryCollection",
    }  # fmt: skip
    collection = next(
        o for o in geometry["oneOf"] if o["properties"]["type"]["enum"][0] == "GeometryCollection"
    )
    assert "geometries" in collection["properties"]


def test_supported_by_me_may_be_null(schema):
    # A GeoJSON feature: the fields are the feature's properties.
    feature = schema["components"]["schemas"]["PinDetail"]["properties"]
    field = feature["properties"]["properties"]["supported_by_me"]
    assert field["type"] == "boolean" and field["nullable"] is True


def test_filter_parameters_accept_an_empty_value_and_carry_their_bounds(schema):
    parameters = {p["name"]: p["schema"] for p in operation(schema, "public/pins/")["parameters"]}
    assert parameters["limit"] == {
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": 10000},
            {"type": "string", "enum": [""]},
        ]
    }
    assert parameters["hide_closed"]["enum"] == ["true", "false", "on", ""]
    assert "" in parameters["status"]["items"]["enum"]
    level = {p["name"]: p["schema"] for p in operation(schema, "public/areas/")["parameters"]}
    assert level["level"]["enum"][-1] == ""
