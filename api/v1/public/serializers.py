"""Serializers for single features and for the OpenAPI schema of the GeoJSON lists.

Lists are built in PostGIS (maps.selectors); these describe the same shape."""

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from maps.models import Area, Centre, Greenery, PlannedWork, Playground


class AreaSerializer(GeoFeatureModelSerializer):
    parent_code = serializers.CharField(source="parent.code", allow_null=True, read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Area
        geo_field = "geom"
        id_field = "code"
        fields = ["code", "name", "level", "level_label", "parent_code", "is_priority"]


class PlaygroundSerializer(GeoFeatureModelSerializer):
    age_group_label = serializers.CharField(source="get_age_group_display", read_only=True)

    class Meta:
        model = Playground
        geo_field = "geom"
        fields = ["id", "name", "description", "age_group", "age_group_label", "is_demo"]


class GreenerySerializer(GeoFeatureModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Greenery
        geo_field = "geom"
        fields = ["id", "name", "description", "kind", "kind_label", "is_demo"]


class PlannedWorkSerializer(GeoFeatureModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner = serializers.CharField(source="owner.name", read_only=True)

    class Meta:
        model = PlannedWork
        geo_field = "geom"
        fields = [
            "id", "name", "description", "kind", "kind_label", "status", "status_label",
            "owner", "start_date", "end_date", "is_demo",
        ]  # fmt: skip


class CentreSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Centre
        geo_field = "geom"
        fields = [
            "id", "name", "description", "address", "postcode", "city", "opening_hours",
            "consultation_hours", "website", "is_demo",
        ]  # fmt: skip
