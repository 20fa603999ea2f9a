"""Neighbourhood initiatives for residents and apps: the public list (GeoJSON, built in
PostGIS) and one initiative; residents propose (draft → submitted), back or object, sign up
as volunteers, ask and answer questions, and report it realised.

Reads: only public initiatives (and a resident's own drafts in the detail). Writes: input
serializer → service → output; service field errors are 400s with the same field names.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import BodyTooLarge, service_errors
from api.parsers import JSONParser, LimitedMultiPartParser
from api.permissions import IsVerifiedResident, IsVerifiedResidentOrReadOnly
from api.throttling import AnonRateThrottle, WriteRateThrottle
from api.v1.public.initiatives import serializers
from api.v1.public.initiatives.detail import detail_data
from api.views import GEOJSON, GeoJSONListView, revalidated
from participatie.initiatives import geo, services
from participatie.initiatives.models import Initiative, VolunteerRole

TAGS = ["initiatives"]


class WriteView(BodyTooLarge):
    permission_classes = [IsVerifiedResidentOrReadOnly]
    throttle_classes = [AnonRateThrottle, WriteRateThrottle]
    throttle_scope = "comment_post"
    parser_classes = [JSONParser]


def visible(request, public_id: str) -> Initiative:
    return get_object_or_404(
        Initiative.objects.visible_to(request.user), public_id=str(public_id)[:16]
    )


def detail_response(request, initiative: Initiative, code=status.HTTP_200_OK) -> Response:
    initiative = Initiative.objects.select_related(
        "district", "neighbourhood", "from_pin", "programme"
    ).get(pk=initiative.pk)
    response = Response(detail_data(initiative, request), code)
    # Per reader (is_mine, my_backing, questions): never in a shared cache.
    response["Cache-Control"] = "private, no-cache"
    return response


def _proposal(values: dict) -> dict:
    """The serializer's values as the services' keyword arguments."""
    return dict(values)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="Public initiatives as GeoJSON (never a person; backers as counts)",
        responses={200: serializers.InitiativeFeatureSerializer(many=True)},
    ),
    post=extend_schema(
        tags=TAGS,
        summary="Propose an initiative (a draft, to be submitted)",
        request=serializers.InitiativeWriteSerializer,
        responses={201: serializers.InitiativeDetailOutput},
    ),
)
class InitiativeListCreate(WriteView, GeoJSONListView):
    serializer_class = serializers.InitiativeFeatureSerializer
    filterset_class = geo.InitiativeListFilterSet
    throttle_scope = "pin_post"

    def get_queryset(self):
        return Initiative.objects.public()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        limit = forms.IntegerField().to_python(request.query_params.get("limit"))
        body = geo.initiatives_geojson(queryset, limit=limit or geo.LIST_LIMIT_DEFAULT)
        return revalidated(request, HttpResponse(body, content_type=GEOJSON))

    def post(self, request, *args, **kwargs):
        data = serializers.InitiativeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            initiative = services.initiative_create(
                organiser=request.user, **_proposal(data.validated_data)
            )
        return detail_response(request, initiative, status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="One initiative: what it asks, the backing progress, the decision, the report",
        responses={200: serializers.InitiativeDetailOutput},
    ),
    patch=extend_schema(
        tags=TAGS,
        summary="Change your draft (organisers; only the fields sent)",
        request=serializers.InitiativeWriteSerializer,
        responses={200: serializers.InitiativeDetailOutput},
    ),
)
class InitiativeDetail(WriteView, APIView):
    serializer_class = serializers.InitiativeDetailOutput

    def get(self, request, public_id: str):
        return detail_response(request, visible(request, public_id))

    def patch(self, request, public_id: str):
        initiative = visible(request, public_id)
        data = serializers.InitiativeWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        with service_errors():
            initiative = services.initiative_update(
                initiative=initiative, by=request.user, **_proposal(data.validated_data)
            )
        return detail_response(request, initiative)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Submit your draft: backing opens (or the district's team screens it first)",
        request=None,
        responses={200: serializers.InitiativeDetailOutput},
    )
)
class InitiativeSubmit(WriteView, APIView):
    permission_classes = [IsVerifiedResident]

    def post(self, request, public_id: str):
        initiative = visible(request, public_id)
        with service_errors():
            initiative = services.initiative_submit(initiative=initiative, by=request.user)
        return detail_response(request, initiative)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Back the initiative or object to it (once; residents of its area)",
        request=serializers.BackingInput,
        responses={
            201: serializers.ProgressStateOutput,
            403: OpenApiResponse(description="Not a resident of the area; `detail` names it"),
        },
    )
)
class InitiativeBacking(WriteView, APIView):
    permission_classes = [IsVerifiedResident]

    def post(self, request, public_id: str):
        initiative = visible(request, public_id)
        data = serializers.BackingInput(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            services.backing_create(
                initiative=initiative,
                resident=request.user,
                response=data.validated_data["response"],
                reason=data.validated_data["reason"],
            )
        initiative.refresh_from_db()
        body = serializers.progress_data(initiative) | {"status": initiative.status}
        response = Response(body, status.HTTP_201_CREATED)
        response["Cache-Control"] = "private, no-store"
        return response


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Sign up for a volunteer role",
        request=serializers.VolunteerInput,
        responses={200: serializers.SignupStateOutput},
    ),
    delete=extend_schema(
        tags=TAGS,
        summary="Take your sign-up back",
        request=serializers.VolunteerInput,
        responses={200: serializers.SignupStateOutput},
    ),
)
class InitiativeVolunteer(WriteView, APIView):
    permission_classes = [IsVerifiedResident]

    def _role(self, request, public_id: str) -> VolunteerRole:
        initiative = visible(request, public_id)
        data = serializers.VolunteerInput(data=request.data)
        data.is_valid(raise_exception=True)
        role = initiative.volunteer_roles.filter(pk=data.validated_data["role"]).first()
        if role is None:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"role": [_no_role()]})
        return role

    def _state(self, role: VolunteerRole, signed_up: bool) -> Response:
        body = {"role": role.pk, "signed_up": signed_up, "count": role.signups.count()}
        return Response(body)

    def post(self, request, public_id: str):
        role = self._role(request, public_id)
        with service_errors():
            services.volunteer_signup(role=role, resident=request.user)
        return self._state(role, True)

    def delete(self, request, public_id: str):
        role = self._role(request, public_id)
        with service_errors():
            services.volunteer_signup_cancel(role=role, resident=request.user)
        return self._state(role, False)


def _no_role() -> str:
    from django.utils.translation import gettext

    return gettext("This initiative has no such volunteer role.")


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Ask or answer in the review thread (organisers and the district's team)",
        request=serializers.QuestionInput,
        responses={201: serializers.QuestionOutput},
    )
)
class InitiativeQuestion(WriteView, APIView):
    permission_classes = [IsVerifiedResident]

    def post(self, request, public_id: str):
        initiative = visible(request, public_id)
        data = serializers.QuestionInput(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            question = services.question_ask(
                initiative=initiative, by=request.user, text=data.validated_data["text"]
            )
        body = {
            "id": question.pk,
            "from_team": question.from_team,
            "text": question.text,
            "created_at": question.created_at,
        }
        return Response(serializers.QuestionOutput(body).data, status.HTTP_201_CREATED)


class ReportMultiPartParser(LimitedMultiPartParser):
    def max_bytes(self) -> int:
        photos = settings.PIN_PHOTO_MAX_COUNT * settings.PIN_PHOTO_MAX_BYTES
        return photos + (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Report a granted initiative realised: what happened, spend, photos",
        request={
            "multipart/form-data": serializers.ReportInput,
            "application/json": serializers.ReportInput,
        },
        responses={201: serializers.InitiativeDetailOutput},
    )
)
class InitiativeReport(WriteView, APIView):
    permission_classes = [IsVerifiedResident]
    parser_classes = [JSONParser, ReportMultiPartParser, FormParser]

    def post(self, request, public_id: str):
        initiative = visible(request, public_id)
        data = serializers.ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with service_errors():
            services.initiative_report(
                initiative=initiative,
                by=request.user,
                text=values["text"],
                spent=values.get("spent"),
                photos=values.get("photos") or [],
            )
        return detail_response(request, initiative, status.HTTP_201_CREATED)
