"""Redesign projects for residents and apps: projects (GeoJSON), options (GeoJSON with the
drawing's corners and the design features), published results, voting and checking a
receipt. Writes: input serializer → service → output serializer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.errors import BodyTooLarge, validation_detail
from api.parsers import JSONParser
from api.v1.public.voting import serializers
from participatie.voting import ratelimits, selectors, services
from participatie.voting.filters import ProjectFilterSet
from participatie.voting.models import RedesignProject
from participatie.voting.presentation import option_feature

TAGS = ["redesigns"]
# Errors of the vote that mean "you (or this code) voted already": 409, not 400.
CONFLICT_CODES = {"already_voted", "used"}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("You have voted already.")
    default_code = "conflict"


def _project(request, slug: str) -> RedesignProject:
    return get_object_or_404(RedesignProject.objects.visible_to(request.user), slug=slug)


def _summaries(project: RedesignProject, option_ids) -> list[dict]:
    titles = dict(project.options.values_list("pk", "title"))
    return [{"id": pk, "title": titles.get(pk, "")} for pk in option_ids]


def _private(response: Response) -> Response:
    response["Cache-Control"] = "private, no-store"
    return response


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="Redesign projects as GeoJSON (published; drafts too for designers)",
        responses={200: serializers.ProjectFeatureSerializer(many=True)},
    )
)
class RedesignList(generics.ListAPIView):
    serializer_class = serializers.ProjectFeatureSerializer
    filterset_class = ProjectFilterSet
    pagination_class = None

    def get_queryset(self):
        return RedesignProject.objects.visible_to(self.request.user).select_related("district")


@extend_schema_view(get=extend_schema(tags=TAGS, summary="One redesign project"))
class RedesignDetail(generics.RetrieveAPIView):
    serializer_class = serializers.ProjectDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return (
            RedesignProject.objects.visible_to(self.request.user)
            .select_related("district")
            .prefetch_related("eligible_areas", "options")
        )


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="The design options as GeoJSON: features, drawing corners and images",
        responses={200: serializers.OptionCollectionSerializer},
    )
)
class RedesignOptions(APIView):
    serializer_class = serializers.OptionCollectionSerializer

    def get(self, request, slug: str):
        project = _project(request, slug)
        options = project.options.prefetch_related("images").order_by("order", "pk")
        features = [option_feature(o, absolute=request.build_absolute_uri) for o in options]
        return Response({"type": "FeatureCollection", "features": features})


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="The published result: votes and share per option, turnout, per neighbourhood",
        responses={
            200: serializers.ResultsSerializer,
            404: OpenApiResponse(description="Unknown project, or the result is not published"),
        },
    )
)
class RedesignResults(APIView):
    serializer_class = serializers.ResultsSerializer

    def get(self, request, slug: str):
        project = _project(request, slug)
        if project.phase != RedesignProject.Phase.RESULT:
            raise exceptions.NotFound(_("The result is not published yet."))
        result = selectors.results(project)
        per_hood = [
            {
                "neighbourhood": name,
                "ballots": result.ballots_per_neighbourhood.get(name, 0),
                "votes": [{"option": pk, "votes": n} for pk, n in sorted(votes.items())],
            }
            for name, votes in sorted(result.per_neighbourhood.items())
        ]
        data = {
            "ballots": result.ballots,
            "eligible": result.eligible,
            "turnout": result.turnout,
            "options": result.options,
            "per_neighbourhood": per_hood,
        }
        return Response(serializers.ResultsSerializer(data).data)


def _counted(request, kind: str) -> ratelimits.CodeTry:
    """A try of a code or receipt, counted before it is looked up; 429 over the limit."""
    code_try = ratelimits.code_try(request, kind)
    if code_try.wait is not None:
        raise exceptions.Throttled(code_try.wait, detail=ratelimits.wait_message(code_try.wait))
    return code_try


def _codes_of(error: DjangoValidationError) -> set[str]:
    if not hasattr(error, "error_dict"):
        return {error.code} if getattr(error, "code", None) else set()
    return {e.code for errors in error.error_dict.values() for e in errors if e.code}


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Vote: as a verified resident of the area, or with a household's voting code",
        request=serializers.VoteCreateSerializer,
        responses={
            201: serializers.VoteReceiptSerializer,
            200: OpenApiResponse(
                serializers.VoteReceiptSerializer, description="The earlier vote was changed"
            ),
            400: OpenApiResponse(
                description="Field errors: choices, an unknown code, voting not open"
            ),
            403: OpenApiResponse(description="Not eligible, with the reason"),
            409: OpenApiResponse(description="Voted already, or the code has been used"),
            429: OpenApiResponse(description="Too many wrong codes from this client"),
        },
    )
)
class RedesignVote(BodyTooLarge, APIView):
    """One ballot per eligible voter, enforced by the database also under concurrent
    submission. Residents send their session or token; code voters need no account."""

    parser_classes = [JSONParser, FormParser]

    def post(self, request, slug: str):
        project = get_object_or_404(RedesignProject.objects.published(), slug=slug)
        data = serializers.VoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        by_code = project.eligibility == RedesignProject.Eligibility.CODES
        code = (data.validated_data.get("code") or "").strip() if by_code else None
        code_try = _counted(request, "code") if code else ratelimits.NO_TRY
        user = request.user if request.user.is_authenticated else None
        try:
            cast = services.vote_cast(
                project=project, option_ids=data.validated_data["choices"], user=user, code=code
            )
        except DjangoValidationError as error:
            codes = _codes_of(error)
            if "unknown" not in codes:
                code_try.not_wrong()
            detail = validation_detail(error, {"project": api_settings.NON_FIELD_ERRORS_KEY})
            if codes & CONFLICT_CODES:
                raise Conflict(detail) from None
            raise exceptions.ValidationError(detail) from None
        except DjangoPermissionDenied as error:
            code_try.not_wrong()
            raise exceptions.PermissionDenied(str(error) or None) from None
        code_try.not_wrong()
        body = {
            "receipt": cast.receipt,
            "changed": cast.changed,
            "choices": _summaries(project, sorted(set(data.validated_data["choices"]))),
            "version": project.version,
        }
        code_status = status.HTTP_200_OK if cast.changed else status.HTTP_201_CREATED
        return _private(Response(serializers.VoteReceiptSerializer(body).data, code_status))


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Check a receipt: whether the ballot is counted, and as what",
        request=serializers.ReceiptCheckSerializer,
        responses={
            200: serializers.BallotCheckSerializer,
            404: OpenApiResponse(description="No ballot with this receipt in this project"),
            429: OpenApiResponse(description="Too many wrong receipts from this client"),
        },
    )
)
class RedesignReceipt(BodyTooLarge, APIView):
    """Posted, not asked in the address: a receipt does not belong in server logs."""

    parser_classes = [JSONParser, FormParser]

    def post(self, request, slug: str):
        project = get_object_or_404(RedesignProject.objects.published(), slug=slug)
        data = serializers.ReceiptCheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        receipt_try = _counted(request, "receipt")
        ballot = selectors.ballot_by_receipt(project, data.validated_data["receipt"])
        if ballot is None:
            raise exceptions.NotFound(
                _("No ballot with this receipt. A changed vote has a new receipt.")
            )
        receipt_try.not_wrong()
        body = {
            "counted": True,
            "choices": _summaries(project, ballot.choices),
            "version": ballot.version,
        }
        return _private(Response(serializers.BallotCheckSerializer(body).data))
