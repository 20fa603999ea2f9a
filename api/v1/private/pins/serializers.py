"""Input and output of the staff API. Outputs carry the handling (partner, person, due date,
history, internal notes) but never the author: an event the author caused is shown as
"Resident", and no e-mail address or account of a resident appears anywhere."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from api.fields import VisibleCharField
from maps.partners.models import Partner
from participatie.accounts.access import is_staff_member
from participatie.accounts.models import User
from participatie.pins import roles
from participatie.pins.models import Pin, PinEvent, PinNote
from participatie.pins.services.handling import NOTE_MAX
from participatie.pins.validation import REASON_MAX


def staff_name(user: User | None) -> str:
    """A staff member by their name; anyone else (the author, a resident) only as such."""
    if user is None:
        return ""
    if is_staff_member(user):
        return user.display_name or user.get_full_name() or user.username
    return gettext("Resident")


# --- input ----------------------------------------------------------------------------


class AssignSerializer(serializers.Serializer):
    partner = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Partner.objects.all(),
        required=False,
        help_text=_("Slug of the partner that is to handle the pin"),
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, role__in=roles.TRIAGE_ROLES),
        required=False,
        help_text=_(
            "Id of the staff member who is to handle the pin (they must handle its district)"
        ),
    )

    def validate(self, attrs):
        if not attrs.get("partner") and not attrs.get("assignee"):
            raise serializers.ValidationError(_("Choose a partner, a person, or both."))
        return attrs


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(v, label) for v, label in Pin.Status.choices if v != Pin.Status.WITHDRAWN]
    )
    reply = VisibleCharField(
        max_length=REASON_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "The public answer: shown on the pin page and mailed to the author. Needed to "
            "decline, or to answer without changing the status."
        ),
    )


class NoteSerializer(serializers.Serializer):
    body = VisibleCharField(
        max_length=NOTE_MAX,
        help_text=_("An internal note: never public, never shown to the author"),
    )


# --- output ---------------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    actor = serializers.SerializerMethodField()

    class Meta:
        model = PinEvent
        fields = ["kind", "kind_label", "actor", "detail", "created_at"]

    def get_actor(self, event: PinEvent) -> str:
        return staff_name(event.actor)


class NoteOutSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = PinNote
        fields = ["id", "body", "author", "created_at"]

    def get_author(self, note: PinNote) -> str:
        return staff_name(note.author)


class StaffPinFeatureSerializer(GeoFeatureModelSerializer):
    """One pin of the staff list (the list itself is built in PostGIS with these
    properties, the same as the workspace's GeoJSON export)."""

    kind_label = serializers.CharField(source="get_kind_display")
    category = serializers.CharField(source="category.slug")
    category_name = serializers.CharField(source="category.display_name")
    status_label = serializers.CharField(source="get_status_display")
    neighbourhood_code = serializers.CharField(source="neighbourhood.code", allow_null=True)
    neighbourhood = serializers.CharField(source="neighbourhood.name", allow_null=True)
    district_code = serializers.CharField(source="district.code", allow_null=True)
    district = serializers.CharField(source="district.name", allow_null=True)
    partner = serializers.CharField(source="partner.slug", allow_null=True)
    partner_name = serializers.CharField(source="partner.name", allow_null=True)
    assignee = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue")
    url = serializers.URLField(help_text=_("The pin's public page"))

    class Meta:
        model = Pin
        geo_field = "geom"
        fields = [
            "id", "kind", "kind_label", "category", "category_name", "status", "status_label",
            "title", "description", "neighbourhood_code", "neighbourhood", "district_code",
            "district", "partner", "partner_name", "assignee", "due_at", "overdue",
            "responded_at", "created_at", "support_count", "comment_count", "url",
        ]  # fmt: skip

    def get_assignee(self, pin: Pin) -> str | None:
        return staff_name(pin.assignee) or None


class StaffPinDetailSerializer(GeoFeatureModelSerializer):
    """One pin with its handling. History and notes only for those who handle the pin
    (its district's teams); others see a public pin of another district without them."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    category = serializers.CharField(source="category.slug", read_only=True)
    category_name = serializers.CharField(source="category.display_name", read_only=True)
    is_confidential = serializers.BooleanField(source="category.is_sensitive", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    neighbourhood_code = serializers.CharField(
        source="neighbourhood.code", allow_null=True, read_only=True
    )
    neighbourhood = serializers.CharField(
        source="neighbourhood.name", allow_null=True, read_only=True
    )
    district_code = serializers.CharField(source="district.code", allow_null=True, read_only=True)
    district = serializers.CharField(source="district.name", allow_null=True, read_only=True)
    partner = serializers.CharField(source="partner.slug", allow_null=True, read_only=True)
    partner_name = serializers.CharField(source="partner.name", allow_null=True, read_only=True)
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True, read_only=True)
    assignee_name = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    handled_by_me = serializers.SerializerMethodField(
        help_text=_("Whether you handle this pin (assign, answer, notes)")
    )
    history = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()

    class Meta:
        model = Pin
        geo_field = "geom"
        fields = [
            "id", "kind", "kind_label", "category", "category_name", "is_confidential",
            "title", "description", "status", "status_label", "status_reason",
            "neighbourhood_code", "neighbourhood", "district_code", "district", "partner",
            "partner_name", "assignee", "assignee_name", "due_at", "overdue", "responded_at",
            "contact_consent", "is_hidden", "support_count", "comment_count", "created_at",
            "updated_at", "handled_by_me", "history", "notes",
        ]  # fmt: skip

    def get_assignee_name(self, pin: Pin) -> str | None:
        return staff_name(pin.assignee) or None

    def get_handled_by_me(self, pin: Pin) -> bool:
        return bool(self.context.get("handled"))

    @extend_schema_field(EventSerializer(many=True, allow_null=True))
    def get_history(self, pin: Pin):
        if not self.context.get("handled"):
            return None
        events = pin.events.select_related("actor").order_by("created_at", "id")
        return EventSerializer(events, many=True).data

    @extend_schema_field(NoteOutSerializer(many=True, allow_null=True))
    def get_notes(self, pin: Pin):
        if not self.context.get("handled"):
            return None
        notes = pin.notes.select_related("author").order_by("created_at", "id")
        return NoteOutSerializer(notes, many=True).data
