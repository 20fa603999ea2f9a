"""Input and output of the redesign-vote API. Outputs never name a voter: a ballot is only
ever shown to whoever holds its receipt."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from participatie.voting import selectors
from participatie.voting.models import RedesignProject
from participatie.voting.presentation import FEATURE_KINDS, eligibility_promise, leading_options

# --- projects ---------------------------------------------------------------------------


class LeadingOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    votes = serializers.IntegerField()
    share = serializers.FloatField()


class ResultSummarySerializer(serializers.Serializer):
    ballots = serializers.IntegerField()
    leading = LeadingOptionSerializer(
        many=True, help_text=_("The option with the most votes; several on a tie")
    )


class ProjectFeatureSerializer(GeoFeatureModelSerializer):
    """A redesign project: the street (a line) or square (an area) with its phase."""

    phase = serializers.ChoiceField(choices=RedesignProject.Phase.choices, read_only=True)
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    eligibility_label = serializers.CharField(source="get_eligibility_display", read_only=True)
    district = serializers.CharField(source="district.name", read_only=True, allow_null=True)
    url = serializers.SerializerMethodField(help_text=_("The project page for residents"))
    result = serializers.SerializerMethodField(
        help_text=_("Once the result is published: the ballots and the leading option")
    )

    class Meta:
        model = RedesignProject
        geo_field = "geom"
        fields = (
            "id",
            "slug",
            "title",
            "phase",
            "phase_label",
            "method",
            "method_label",
            "eligibility",
            "eligibility_label",
            "allow_vote_change",
            "voting_opens_at",
            "voting_closes_at",
            "planned_work",
            "district",
            "url",
            "result",
            "is_demo",
        )

    @extend_schema_field(ResultSummarySerializer(allow_null=True))
    def get_result(self, project: RedesignProject) -> dict | None:
        if project.phase != RedesignProject.Phase.RESULT:
            return None
        result = selectors.results(project)
        return {"ballots": result.ballots, "leading": leading_options(result)}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, project: RedesignProject) -> str:
        path = reverse("redesign-page", args=[project.slug])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class OptionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ProjectDetailSerializer(ProjectFeatureSerializer):
    """A project with its text, who may vote and what that guarantees, and its options."""

    eligible_areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    eligibility_promise = serializers.SerializerMethodField()
    options = OptionSummarySerializer(many=True, read_only=True)
    result_published = serializers.SerializerMethodField()

    class Meta(ProjectFeatureSerializer.Meta):
        fields = ProjectFeatureSerializer.Meta.fields + (
            "description",
            "eligible_areas",
            "eligibility_promise",
            "version",
            "version_note",
            "options",
            "result_published",
        )

    def get_eligibility_promise(self, project: RedesignProject) -> str:
        return eligibility_promise(project)

    def get_result_published(self, project: RedesignProject) -> bool:
        return project.phase == RedesignProject.Phase.RESULT


# --- options ----------------------------------------------------------------------------


class OverlaySerializer(serializers.Serializer):
    url = serializers.URLField(help_text=_("The design drawing (an image)"))
    corners = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        min_length=4,
        max_length=4,
        help_text=_(
            "Where the drawing's corners lie, [longitude, latitude] each: top-left, top-right, "
            "bottom-left, bottom-right"
        ),
    )


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    alt = serializers.CharField(help_text=_("What the image shows, for screen readers"))


class OptionPropertiesSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    order = serializers.IntegerField()
    version = serializers.IntegerField()
    overlay = OverlaySerializer(allow_null=True)
    feature_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=list(FEATURE_KINDS.items())),
        help_text=_("The kind of each design feature, in the order of geometry.geometries"),
    )
    images = ImageSerializer(many=True)


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "description": "The design features: a GeoJSON GeometryCollection in WGS84.",
        "properties": {
            "type": {"type": "string", "enum": ["GeometryCollection"]},
            "geometries": {"type": "array", "items": {"type": "object"}},
        },
    }
)
class GeometryCollectionField(serializers.JSONField):
    pass


class OptionFeatureSerializer(serializers.Serializer):
    """One design option as a GeoJSON Feature."""

    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField()
    geometry = GeometryCollectionField()
    properties = OptionPropertiesSerializer()


class OptionCollectionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = OptionFeatureSerializer(many=True)


# --- results ----------------------------------------------------------------------------


class OptionResultSerializer(serializers.Serializer):
    option = serializers.IntegerField(source="option_id")
    title = serializers.CharField()
    votes = serializers.IntegerField()
    share = serializers.FloatField(
        help_text=_("Votes / ballots (0–1); with approval voting the shares add up to more")
    )


class NeighbourhoodVotesSerializer(serializers.Serializer):
    option = serializers.IntegerField()
    votes = serializers.IntegerField()


class NeighbourhoodResultSerializer(serializers.Serializer):
    neighbourhood = serializers.CharField()
    ballots = serializers.IntegerField()
    votes = NeighbourhoodVotesSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    ballots = serializers.IntegerField()
    eligible = serializers.IntegerField(
        allow_null=True,
        help_text=_("Issued voting codes, or verified residents of the area"),
    )
    turnout = serializers.FloatField(allow_null=True, help_text=_("Ballots / eligible (0–1)"))
    options = OptionResultSerializer(many=True)
    per_neighbourhood = NeighbourhoodResultSerializer(many=True)


# --- voting -----------------------------------------------------------------------------


class VoteCreateSerializer(serializers.Serializer):
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        max_length=100,
        help_text=_("Ids of the chosen options: exactly one, or any number with approval voting"),
    )
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text=_("The voting code from the letter, where the project votes by code"),
    )


class VoteReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(
        help_text=_("Shown once: with it the voter can check the ballot was counted")
    )
    changed = serializers.BooleanField(help_text=_("Whether this replaced an earlier ballot"))
    choices = OptionSummarySerializer(many=True)
    version = serializers.IntegerField(help_text=_("The version of the options voted on"))


class ReceiptCheckSerializer(serializers.Serializer):
    receipt = serializers.CharField(max_length=64)


class BallotCheckSerializer(serializers.Serializer):
    counted = serializers.BooleanField()
    choices = OptionSummarySerializer(many=True)
    version = serializers.IntegerField()
