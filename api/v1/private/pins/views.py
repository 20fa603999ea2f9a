"""The staff API: the workspace's pins and their handling, for the partners' teams.

Reads start from `Pin.objects.visible_to(user)` with the workspace's filters
(TriageFilterSet): a pin the user may not see is a 404, as if it did not exist. Writes go
input serializer → the pins' handling service → output; the service decides whether the
user handles the pin (their district; the buurtteam for a confidential signal): 403 if not,
400 with field messages for a wrong value.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import BodyTooLarge, service_errors
from api.parsers import JSONParser
from api.v1.private.permissions import TriageStaffOnly
from api.v1.private.pins import serializers
from api.views import GEOJSON
from participatie.pins import services
from participatie.pins.models import Pin
from participatie.pins.selectors import LIST_LIMIT_DEFAULT
from participatie.triage.exports.features import pins_geojson
from participatie.triage.filters import TriageFilterSet

TAGS = ["staff"]
REPLY = {"reason": "reply"}  # service argument → API field


class StaffView(BodyTooLarge):
    permission_classes = [TriageStaffOnly]
    parser_classes = [JSONParser]
    throttle_classes: list = []  # signed-in staff only; the anonymous are refused anyway


def _visible(request, pk: int) -> Pin:
    pins = Pin.objects.visible_to(request.user).select_related(
        "category", "neighbourhood", "district", "partner", "assignee"
    )
    return get_object_or_404(pins, pk=pk)


def detail_response(request, pin: Pin, code: int = status.HTTP_200_OK) -> Response:
    pin = _visible(request, pin.pk)
    handled = Pin.objects.handled_by(request.user).filter(pk=pin.pk).exists()
    data = serializers.StaffPinDetailSerializer(pin, context={"handled": handled}).data
    response = Response(data, status=code)
    response["Cache-Control"] = "private, no-store"
    return response


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="The workspace's pins as GeoJSON (overdue first)",
        responses={200: serializers.StaffPinFeatureSerializer(many=True)},
    )
)
class StaffPinList(StaffView, generics.ListAPIView):
    """The pins you may see — every public pin, and the pins of your own districts (the
    confidential signals only for the buurtteam) — with the workspace's filters."""

    serializer_class = serializers.StaffPinFeatureSerializer
    filterset_class = TriageFilterSet
    pagination_class = None
    response_media_type = GEOJSON

    def get_queryset(self):
        return Pin.objects.visible_to(self.request.user)

    def list(self, request, *args, **kwargs):
        pins = self.filter_queryset(self.get_queryset())
        # Validated by the filter set (1..LIST_LIMIT_MAX) before we get here.
        limit = int(request.query_params.get("limit") or LIST_LIMIT_DEFAULT)
        response = HttpResponse(pins_geojson(pins, limit=limit), content_type=GEOJSON)
        response["Cache-Control"] = "private, no-store"
        return response


@extend_schema_view(
    get=extend_schema(tags=TAGS, summary="One pin with its handling, history and notes")
)
class StaffPinDetail(StaffView, APIView):
    serializer_class = serializers.StaffPinDetailSerializer

    def get(self, request, pk: int):
        return detail_response(request, _visible(request, pk))


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Route a pin to another partner and/or a person",
        request=serializers.AssignSerializer,
        responses={200: serializers.StaffPinDetailSerializer},
    )
)
class StaffPinAssign(StaffView, APIView):
    def post(self, request, pk: int):
        pin = _visible(request, pk)
        data = serializers.AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            services.pin_assign(
                pin=pin,
                by=request.user,
                partner=data.validated_data.get("partner"),
                assignee=data.validated_data.get("assignee"),
            )
        return detail_response(request, pin)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Set the status with a public reply, or answer in the same status",
        request=serializers.StatusSerializer,
        responses={200: serializers.StaffPinDetailSerializer},
    )
)
class StaffPinStatus(StaffView, APIView):
    def post(self, request, pk: int):
        pin = _visible(request, pk)
        data = serializers.StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors(rename=REPLY):
            services.pin_set_status(
                pin=pin,
                status=data.validated_data["status"],
                reason=data.validated_data["reply"],
                by=request.user,
            )
        return detail_response(request, pin)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Add an internal note (never public)",
        request=serializers.NoteSerializer,
        responses={201: serializers.NoteOutSerializer},
    )
)
class StaffPinNote(StaffView, APIView):
    def post(self, request, pk: int):
        pin = _visible(request, pk)
        data = serializers.NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            note = services.note_add(pin=pin, by=request.user, body=data.validated_data["body"])
        response = Response(
            serializers.NoteOutSerializer(note).data, status=status.HTTP_201_CREATED
        )
        response["Cache-Control"] = "private, no-store"
        return response
