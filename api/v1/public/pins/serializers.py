"""Input and output of the pins API. Inputs are checked for shape here and for meaning in
the services; outputs never carry an author's identity beyond a first name on comments."""

from __future__ import annotations

import json
import math

from django.contrib.gis.geos import Point
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from api.fields import VisibleCharField
from participatie.guards.nesting import TooDeeplyNested, json_loads
from participatie.pins.models import Category, Comment, Pin, PinPhoto, PinStatusChange, Report
from participatie.pins.validation import COMMENT_MAX, DESCRIPTION_MAX, TITLE_MAX

POINT_EXAMPLE = '{"type": "Point", "coordinates": [6.5625, 52.9928]}'


def _reject_constant(name: str):
    raise ValueError(name)


@extend_schema_field(
    {
        "type": "object",
        "description": "A GeoJSON Point in WGS84: [longitude, latitude].",
        "properties": {
            "type": {"type": "string", "enum": ["Point"]},
            "coordinates": {
                "type": "array",
                "items": {"type": "number"},
                "minItems": 2,
                "maxItems": 2,
            },
        },
        "required": ["type", "coordinates"],
        "example": {"type": "Point", "coordinates": [6.5625, 52.9928]},
    }
)
class GeoJSONPointField(serializers.Field):
    """A GeoJSON Point object (or, in a multipart form, the same as JSON text).

    Only the shape is checked here; whether the place lies inside the municipality (or has
    its coordinates swapped) is the service's business.
    """

    default_error_messages = {
        # DRF fills these in with str.format: {example}, not %(example)s.
        "invalid": _("Give the location as a GeoJSON Point, e.g. {example}."),
        "type": _("The location must be a Point, not {type}."),
        "deep": _("The location is nested too deeply: at most {max} levels."),
        "empty": _("The location is empty."),
        "coordinates": _("A Point has two numbers: [longitude, latitude]."),
        "not_finite": _("The coordinates must be finite numbers."),
        "range": _("Longitude must lie between -180 and 180, latitude between -90 and 90."),
    }

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                # Python's json reads NaN and Infinity; GeoJSON (RFC 7946) does not.
                data = json_loads(data, parse_constant=_reject_constant)
            except TooDeeplyNested as error:
                self.fail("deep", max=error.max_depth)
            except ValueError:
                self.fail("invalid", example=POINT_EXAMPLE)
        if not isinstance(data, dict) or "type" not in data:
            self.fail("invalid", example=POINT_EXAMPLE)
        if data["type"] != "Point":
            self.fail("type", type=str(data["type"])[:40])
        coordinates = data.get("coordinates")
        if coordinates in (None, []):
            self.fail("empty")
        if not isinstance(coordinates, list) or len(coordinates) not in (2, 3):
            self.fail("coordinates")
        if any(isinstance(n, bool) or not isinstance(n, int | float) for n in coordinates):
            self.fail("coordinates")
        if not all(math.isfinite(n) for n in coordinates):
            self.fail("not_finite")
        lon, lat = coordinates[:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            self.fail("range")
        return Point(float(lon), float(lat), srid=4326)

    def to_representation(self, value):
        return json.loads(value.geojson)


# --- input ----------------------------------------------------------------------------


class CategorySlugField(serializers.SlugRelatedField):
    """A category by its slug. Text with a null character is no slug, and must not reach
    PostgreSQL, which cannot even compare it (a 500 instead of a 400)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class PinCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Pin.Kind.choices)
    category = CategorySlugField(
        slug_field="slug",
        queryset=Category.objects.active(),
        help_text=_("Slug of an active category (see /categories/). Sensitive ones go privately."),
    )
    title = VisibleCharField(max_length=TITLE_MAX)
    description = VisibleCharField(
        max_length=DESCRIPTION_MAX, required=False, allow_blank=True, default=""
    )
    location = GeoJSONPointField()
    contact_consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "For a sensitive category only: the reporter agrees that the district's social "
            "team (buurtteam) may contact them by e-mail. Ignored for other categories."
        ),
    )
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text=_("Up to 3 photos (JPEG, PNG or WebP; multipart only)."),
    )


class PinUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Pin.Kind.choices, required=False)
    category = CategorySlugField(
        slug_field="slug", queryset=Category.objects.active(), required=False
    )
    title = VisibleCharField(max_length=TITLE_MAX, required=False)
    description = VisibleCharField(max_length=DESCRIPTION_MAX, required=False, allow_blank=True)
    location = GeoJSONPointField(required=False)


class CommentCreateSerializer(serializers.Serializer):
    body = VisibleCharField(max_length=COMMENT_MAX)


class ReportCreateSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    explanation = VisibleCharField(max_length=1000, required=False, allow_blank=True, default="")


# --- output ---------------------------------------------------------------------------


class PinFeatureSerializer(GeoFeatureModelSerializer):
    """One pin on the public map (the list is built in PostGIS with the same properties)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    category = serializers.CharField(source="category.slug", read_only=True)
    category_name = serializers.CharField(source="category.display_name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    neighbourhood_code = serializers.CharField(
        source="neighbourhood.code", allow_null=True, read_only=True
    )
    district_code = serializers.CharField(source="district.code", allow_null=True, read_only=True)

    class Meta:
        model = Pin
        geo_field = "geom"
        # The feature's "id" is the pin's public id, never the sequential key.
        id_field = "public_id"
        fields = [
            "public_id", "kind", "kind_label", "category", "category_name", "title", "status",
            "status_label", "support_count", "comment_count", "created_at",
            "neighbourhood_code", "district_code",
        ]  # fmt: skip


class OwnPinFeatureSerializer(PinFeatureSerializer):
    """One of my pins, also the private, hidden and withdrawn ones."""

    is_private = serializers.SerializerMethodField()

    class Meta(PinFeatureSerializer.Meta):
        fields = PinFeatureSerializer.Meta.fields + ["status_reason", "is_private", "is_hidden"]

    def get_is_private(self, pin: Pin) -> bool:
        return not pin.category.is_shown_publicly


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = PinPhoto
        fields = ["url", "thumbnail_url", "width", "height"]

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_url(self, photo: PinPhoto) -> str:
        return self._absolute(photo.url)

    def get_thumbnail_url(self, photo: PinPhoto) -> str:
        return self._absolute(photo.thumbnail_url)


class StatusChangeSerializer(serializers.ModelSerializer):
    """A step in the public history. Who made the change is never shown."""

    from_status_label = serializers.CharField(source="get_from_status_display", read_only=True)
    to_status_label = serializers.CharField(source="get_to_status_display", read_only=True)

    class Meta:
        model = PinStatusChange
        fields = [
            "from_status", "from_status_label", "to_status", "to_status_label", "reason",
            "created_at",
        ]  # fmt: skip


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField(
        help_text=_("The author's public display name, or 'Resident' when there is none.")
    )

    class Meta:
        model = Comment
        fields = ["id", "body", "author_name", "created_at"]

    def get_author_name(self, comment: Comment) -> str:
        # Only the chosen display name: never the e-mail address or the username.
        return comment.author.public_name if comment.author else gettext("Resident")


class PinDetailSerializer(PinFeatureSerializer):
    """One pin with its description, photos, public status history and comments."""

    neighbourhood_name = serializers.CharField(
        source="neighbourhood.name", allow_null=True, read_only=True
    )
    district_name = serializers.CharField(source="district.name", allow_null=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    status_history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    comments = serializers.SerializerMethodField()
    supported_by_me = serializers.SerializerMethodField(
        help_text=_("Whether you support this pin; null when not signed in.")
    )
    is_mine = serializers.SerializerMethodField()
    is_private = serializers.SerializerMethodField()

    class Meta(PinFeatureSerializer.Meta):
        fields = PinFeatureSerializer.Meta.fields + [
            "description", "status_reason", "updated_at", "neighbourhood_name", "district_name",
            "photos", "status_history", "comments", "supported_by_me", "is_mine", "is_private",
            "is_hidden",
        ]  # fmt: skip

    @extend_schema_field(CommentSerializer(many=True))
    def get_comments(self, pin: Pin):
        comments = getattr(pin, "shown_comments", None)
        if comments is None:
            comments = pin.comments.visible().select_related("author")
        return CommentSerializer(comments, many=True, context=self.context).data

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_supported_by_me(self, pin: Pin) -> bool | None:
        return self.context.get("supported_by_me")

    def get_is_mine(self, pin: Pin) -> bool:
        user = self.context["request"].user
        return bool(user.is_authenticated and pin.author_id == user.pk)

    def get_is_private(self, pin: Pin) -> bool:
        return not pin.category.is_shown_publicly


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    name_nl = serializers.CharField(source="name", read_only=True)
    default_partner = serializers.CharField(
        source="default_partner.name", allow_null=True, read_only=True
    )
    public_pin_count = serializers.IntegerField(read_only=True)
    is_private = serializers.SerializerMethodField(
        help_text=_("Pins in this category go privately to the social team, never on the map.")
    )

    class Meta:
        model = Category
        fields = [
            "slug", "name", "name_nl", "name_en", "description", "kinds", "colour",
            "default_partner", "is_public", "is_sensitive", "is_private", "public_pin_count",
        ]  # fmt: skip

    def get_is_private(self, category: Category) -> bool:
        return not category.is_shown_publicly


class SupportStateSerializer(serializers.Serializer):
    supported = serializers.BooleanField()
    support_count = serializers.IntegerField()


class ReportStateSerializer(serializers.Serializer):
    reported = serializers.BooleanField(help_text=_("Always true: a second report counts once."))


# --- duplicate suggestions ------------------------------------------------------------

SIMILAR_LIMIT = 10


class SimilarQuerySerializer(serializers.Serializer):
    category = CategorySlugField(slug_field="slug", queryset=Category.objects.active())
    lon = serializers.FloatField(min_value=-180, max_value=180, help_text=_("Longitude (WGS84)"))
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text=_("Latitude (WGS84)"))
    metres = serializers.IntegerField(min_value=1, max_value=500, default=75)

    def validate(self, attrs):
        if not (math.isfinite(attrs["lon"]) and math.isfinite(attrs["lat"])):
            raise serializers.ValidationError(_("The coordinates must be finite numbers."))
        attrs["point"] = Point(attrs["lon"], attrs["lat"], srid=4326)
        return attrs
