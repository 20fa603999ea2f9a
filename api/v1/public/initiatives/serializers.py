"""Shapes of the initiatives API. Inputs are checked for their types here; what they mean
(inside the municipality, amounts, dates, who may do it) is checked by the services, whose
field errors keep these names. Outputs are public: never a person, backers as counts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from api.fields import VisibleCharField
from api.v1.public.pins.serializers import GeoJSONPointField
from participatie.initiatives import geo, threshold
from participatie.initiatives.models import (
    Backing,
    Decision,
    Initiative,
    PartnerContribution,
)

MONEY_MAX = 10_000_000_00  # cents; the services bound each line much lower


POLYGON_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON Polygon (WGS84): one outer ring, closed.",
    "properties": {
        "type": {"type": "string", "enum": ["Polygon"]},
        "coordinates": {
            "type": "array",
            "items": {
                "type": "array",
                "items": {"type": "array", "items": {"type": "number"}, "minItems": 2},
            },
        },
    },
    "required": ["type", "coordinates"],
}


@extend_schema_field(POLYGON_SCHEMA)
class GeoJSONPolygonField(serializers.Field):
    """A drawn area as a GeoJSON Polygon; its size and place are the service's business."""

    default_error_messages = {"invalid": _("Draw the area as a GeoJSON Polygon.")}

    def to_internal_value(self, data):
        import json

        from django.contrib.gis.gdal import GDALException
        from django.contrib.gis.geos import GEOSException, GEOSGeometry

        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, dict) or data.get("type") != "Polygon":
            self.fail("invalid")
        coordinates = data.get("coordinates")
        if not isinstance(coordinates, list) or not coordinates:
            self.fail("invalid")
        try:
            geom = GEOSGeometry(json.dumps({"type": "Polygon", "coordinates": coordinates}))
        except (GDALException, GEOSException, ValueError, TypeError):
            self.fail("invalid")
        geom.srid = 4326
        return geom

    def to_representation(self, value):
        import json

        return json.loads(value.geojson)


# --- input ----------------------------------------------------------------------------


class BudgetLineInput(serializers.Serializer):
    description = VisibleCharField(max_length=200)
    amount_cents = serializers.IntegerField(min_value=1, max_value=MONEY_MAX)


class VolunteerRoleInput(serializers.Serializer):
    name = VisibleCharField(max_length=200)
    count_needed = serializers.IntegerField(min_value=1, max_value=500)


class MeansInput(serializers.Serializer):
    description = VisibleCharField(max_length=200)
    centre = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text=_("Id of an information centre")
    )


class InitiativeWriteSerializer(serializers.Serializer):
    title = VisibleCharField(max_length=120)
    description = VisibleCharField(max_length=5000)
    kind = serializers.ChoiceField(choices=Initiative.Kind.choices)
    location = GeoJSONPointField()
    area = GeoJSONPolygonField(required=False, allow_null=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    from_pin = serializers.CharField(
        required=False, allow_null=True, max_length=16, help_text=_("Public id of an idea pin")
    )
    backing_area = serializers.ChoiceField(choices=Initiative.BackingArea.choices, required=False)
    backing_radius_m = serializers.IntegerField(
        required=False, allow_null=True, min_value=10, max_value=2000
    )
    backing_neighbourhoods = serializers.ListField(
        child=serializers.CharField(max_length=12),
        required=False,
        max_length=50,
        help_text=_("CBS codes of the neighbourhoods concerned"),
    )
    budget_lines = BudgetLineInput(many=True, required=False, max_length=30)
    volunteer_roles = VolunteerRoleInput(many=True, required=False, max_length=30)
    means = MeansInput(many=True, required=False, max_length=30)

    def validate_from_pin(self, value):
        if value and "\x00" in value:
            raise serializers.ValidationError(_("No such idea."))
        return value

    def validate_backing_neighbourhoods(self, value):
        if any("\x00" in code for code in value):
            raise serializers.ValidationError(_("Give CBS codes of neighbourhoods."))
        return value


class BackingInput(serializers.Serializer):
    response = serializers.ChoiceField(choices=Backing.Response.choices)
    reason = VisibleCharField(max_length=2000, required=False, allow_blank=True, default="")


class VolunteerInput(serializers.Serializer):
    role = serializers.IntegerField(min_value=1, help_text=_("Id of the volunteer role"))


class QuestionInput(serializers.Serializer):
    text = VisibleCharField(max_length=4000)


@extend_schema_field({"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}})
class CentsPerLineField(serializers.DictField):
    """{budget line id: cents}; a JSON object (or, in a form, its JSON text)."""

    child = serializers.IntegerField(min_value=0, max_value=MONEY_MAX)

    def get_value(self, dictionary):
        # A form sends the object as JSON text under the field's own name.
        if hasattr(dictionary, "getlist") and self.field_name in dictionary:
            return dictionary.get(self.field_name)
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if isinstance(data, str):
            import json

            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError(
                    _("Give a JSON object: budget line id → cents.")
                ) from None
        return super().to_internal_value(data)


class ReportInput(serializers.Serializer):
    text = VisibleCharField(max_length=5000)
    spent = CentsPerLineField(required=False, help_text=_("Spent per granted budget line"))
    photos = serializers.ListField(
        child=serializers.ImageField(), required=False, max_length=3, allow_empty=True
    )


class ContributionInput(serializers.Serializer):
    partner = serializers.SlugField(help_text=_("Slug of the partner"))
    kind = serializers.ChoiceField(choices=PartnerContribution.Kind.choices)
    description = VisibleCharField(max_length=200, required=False, allow_blank=True, default="")
    amount_cents = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MONEY_MAX
    )


class DecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    reason = VisibleCharField(max_length=4000, required=False, allow_blank=True, default="")
    granted = CentsPerLineField(
        required=False, help_text=_("Granted per budget line; may be left out when in full")
    )
    contributions = ContributionInput(many=True, required=False, max_length=20)


class ChecklistInput(serializers.Serializer):
    item = serializers.IntegerField(min_value=1)
    ticked = serializers.BooleanField(default=True)


# --- output ---------------------------------------------------------------------------


class InitiativeFeatureSerializer(GeoFeatureModelSerializer):
    """A feature of the public list (documents the GeoJSON built in PostGIS)."""

    kind_label = serializers.CharField()
    status_label = serializers.CharField()
    map_status = serializers.ChoiceField(choices=[*geo.MAP_STATUSES, "closed"])
    district_code = serializers.CharField(allow_null=True)
    district_name = serializers.CharField(allow_null=True)
    neighbourhood_code = serializers.CharField(allow_null=True)
    neighbourhood_name = serializers.CharField(allow_null=True)
    backs = serializers.IntegerField()
    objections = serializers.IntegerField()
    granted_cents = serializers.IntegerField()

    class Meta:
        model = Initiative
        geo_field = "geom"
        id_field = "public_id"
        fields = [
            "public_id", "title", "kind", "kind_label", "status", "status_label", "map_status",
            "year", "district_code", "district_name", "neighbourhood_code",
            "neighbourhood_name", "backs", "objections", "backers_needed", "granted_cents",
            "starts_on", "submitted_at",
        ]  # fmt: skip


class BudgetLineOutput(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    amount_cents = serializers.IntegerField()
    granted_cents = serializers.IntegerField(allow_null=True)
    spent_cents = serializers.IntegerField(allow_null=True)


class VolunteerRoleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    count_needed = serializers.IntegerField()
    signed_up = serializers.IntegerField()


class MeansOutput(serializers.Serializer):
    description = serializers.CharField()
    centre = serializers.CharField(allow_null=True)


class ProgressOutput(serializers.Serializer):
    backs = serializers.IntegerField()
    objections = serializers.IntegerField()
    needed = serializers.IntegerField()
    missing = serializers.IntegerField()
    reached = serializers.BooleanField()
    majority_required = serializers.BooleanField()


class ContributionOutput(serializers.Serializer):
    partner = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()
    amount_cents = serializers.IntegerField(allow_null=True)


class DecisionOutput(serializers.Serializer):
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    reason = serializers.CharField()
    granted_cents = serializers.IntegerField()
    decided_at = serializers.DateTimeField()
    contributions = ContributionOutput(many=True)


class ReportPhotoOutput(serializers.Serializer):
    url = serializers.CharField()
    thumbnail = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ReportOutput(serializers.Serializer):
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    photos = ReportPhotoOutput(many=True)


class QuestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    from_team = serializers.BooleanField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class InitiativeDetailOutput(serializers.Serializer):
    """One initiative. `questions` (the review thread) only for its organisers and the
    district's team; `my_backing` for the signed-in reader, null otherwise."""

    id = serializers.CharField()
    url = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    map_status = serializers.CharField()
    location = GeoJSONPointField()
    area = GeoJSONPolygonField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    district_code = serializers.CharField(allow_null=True)
    neighbourhood_code = serializers.CharField(allow_null=True)
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    from_pin = serializers.CharField(allow_null=True)
    backing_area = serializers.CharField()
    backing_radius_m = serializers.IntegerField(allow_null=True)
    backing_neighbourhoods = serializers.ListField(child=serializers.CharField())
    households = serializers.IntegerField(allow_null=True)
    progress = ProgressOutput(allow_null=True)
    budget_lines = BudgetLineOutput(many=True)
    volunteer_roles = VolunteerRoleOutput(many=True)
    means = MeansOutput(many=True)
    decision = DecisionOutput(allow_null=True)
    report = ReportOutput(allow_null=True)
    is_mine = serializers.BooleanField()
    my_backing = serializers.CharField(allow_null=True)
    questions = QuestionOutput(many=True, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    realised_at = serializers.DateTimeField(allow_null=True)


class ProgressStateOutput(ProgressOutput):
    status = serializers.CharField()


class SignupStateOutput(serializers.Serializer):
    role = serializers.IntegerField()
    signed_up = serializers.BooleanField()
    count = serializers.IntegerField()


def progress_data(initiative: Initiative) -> dict | None:
    if initiative.backers_needed is None:
        return None
    p = threshold.progress(initiative)
    return {
        "backs": p.backs,
        "objections": p.objections,
        "needed": p.needed,
        "missing": p.missing,
        "reached": p.reached,
        "majority_required": p.majority_required,
    }
