"""The district teams' side of initiatives: what they review (their districts' submitted
initiatives), the checklist, questions to the organisers, opening the backing of a
screened initiative, and the decision with the amounts per budget line and the partners'
contributions. Whether this team member may decide on this initiative is the service's
check (only the initiative's district): a 403 that says why."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers as drf
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import BodyTooLarge, service_errors
from api.parsers import JSONParser
from api.v1.private.permissions import TriageStaffOnly
from api.v1.public.initiatives import serializers
from api.v1.public.initiatives.views import detail_response
from participatie.initiatives import services
from participatie.initiatives.models import ChecklistItem, Initiative

TAGS = ["staff"]


class ReviewItem(drf.Serializer):
    id = drf.CharField()
    title = drf.CharField()
    status = drf.CharField()
    status_label = drf.CharField()
    district_code = drf.CharField(allow_null=True)
    backs = drf.IntegerField()
    needed = drf.IntegerField(allow_null=True)
    submitted_at = drf.DateTimeField(allow_null=True)


class StaffView(BodyTooLarge, APIView):
    permission_classes = [TriageStaffOnly]
    parser_classes = [JSONParser]


def _reviewed(request, public_id: str) -> Initiative:
    """Any submitted initiative (the service refuses another district's with a 403 that
    says so); drafts do not exist for the staff API."""
    return get_object_or_404(Initiative.objects.public(), public_id=str(public_id)[:16])


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="The initiatives of my districts, newest first",
        responses={200: ReviewItem(many=True)},
    )
)
class StaffInitiativeList(StaffView):
    def get(self, request):
        rows = []
        queryset = (
            Initiative.objects.reviewed_by(request.user)
            .select_related("district")
            .order_by("-submitted_at", "-pk")[:500]
        )
        for initiative in queryset:
            progress = serializers.progress_data(initiative)
            rows.append(
                {
                    "id": initiative.public_id,
                    "title": initiative.title,
                    "status": initiative.status,
                    "status_label": initiative.get_status_display(),
                    "district_code": initiative.district.code if initiative.district else None,
                    "backs": progress["backs"] if progress else 0,
                    "needed": progress["needed"] if progress else None,
                    "submitted_at": initiative.submitted_at,
                }
            )
        response = Response(ReviewItem(rows, many=True).data)
        response["Cache-Control"] = "private, no-store"
        return response


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Decide: granted in full, partly (with a reason) or declined (with a reason)",
        request=serializers.DecisionInput,
        responses={201: serializers.InitiativeDetailOutput},
    )
)
class StaffInitiativeDecision(StaffView):
    def post(self, request, public_id: str):
        initiative = _reviewed(request, public_id)
        data = serializers.DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with service_errors():
            services.initiative_decide(
                initiative=initiative,
                by=request.user,
                outcome=values["outcome"],
                reason=values["reason"],
                granted=values.get("granted"),
                contributions=[dict(item) for item in values.get("contributions", [])],
            )
        return detail_response(request, initiative, status.HTTP_201_CREATED)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Tick (or untick) a point of the programme's checklist",
        request=serializers.ChecklistInput,
        responses={200: serializers.ChecklistInput},
    )
)
class StaffInitiativeChecklist(StaffView):
    def post(self, request, public_id: str):
        initiative = _reviewed(request, public_id)
        data = serializers.ChecklistInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = ChecklistItem.objects.filter(
            programme_id=initiative.programme_id, pk=data.validated_data["item"], is_active=True
        ).first()
        if item is None:
            from django.utils.translation import gettext
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"item": [gettext("No such point on this checklist.")]})
        with service_errors():
            services.checklist_tick(
                initiative=initiative,
                item=item,
                by=request.user,
                ticked=data.validated_data["ticked"],
            )
        return Response(serializers.ChecklistInput(data.validated_data).data)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Ask the organisers a question (they get a mail)",
        request=serializers.QuestionInput,
        responses={201: serializers.QuestionOutput},
    )
)
class StaffInitiativeQuestion(StaffView):
    def post(self, request, public_id: str):
        initiative = _reviewed(request, public_id)
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


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Open the backing of a screened initiative",
        request=None,
        responses={200: serializers.InitiativeDetailOutput},
    )
)
class StaffInitiativeOpenBacking(StaffView):
    def post(self, request, public_id: str):
        initiative = _reviewed(request, public_id)
        with service_errors():
            initiative = services.initiative_open_backing(initiative=initiative, by=request.user)
        return detail_response(request, initiative)
