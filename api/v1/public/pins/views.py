"""Residents' ideas and complaints: the public map list, details, and residents' writes.

Reads: querysets through `public()` / `visible_to(user)`, lists built in PostGIS.
Writes: input serializer → service → output serializer; service errors become 400/403/404.
"""

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import FormParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import BodyTooLarge, service_errors
from api.parsers import JSONParser, LimitedMultiPartParser
from api.permissions import IsVerifiedResident, IsVerifiedResidentOrReadOnly
from api.throttling import AnonRateThrottle, WriteRateThrottle
from api.v1.public.pins import serializers
from api.views import GEOJSON, GeoJSONListView, revalidated
from participatie.pins import selectors, services
from participatie.pins.filters import PinFilterSet
from participatie.pins.models import Comment, Pin

TAGS = ["pins"]
LOCATION = {"geom": "location"}  # service argument → API field


class PinMultiPartParser(LimitedMultiPartParser):
    def max_bytes(self) -> int:
        photos = settings.PIN_PHOTO_MAX_COUNT * settings.PIN_PHOTO_MAX_BYTES
        return photos + (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


class WriteView(BodyTooLarge):
    """Writes by signed-in residents, throttled per account (scope set per view)."""

    permission_classes = [IsVerifiedResidentOrReadOnly]
    throttle_classes = [AnonRateThrottle, WriteRateThrottle]
    parser_classes = [JSONParser]


def pin_response(request, pin: Pin, *, status_code: int = status.HTTP_200_OK) -> Response:
    pin = selectors.pin_detail_queryset(request.user).get(pk=pin.pk)
    context = {
        "request": request,
        "supported_by_me": selectors.pin_supported_by(pin, request.user),
    }
    response = Response(serializers.PinDetailSerializer(pin, context=context).data, status_code)
    # Per reader (supported_by_me, is_mine), so never in a shared cache; asked again every
    # time, so a hidden or withdrawn pin is gone at once.
    response["Cache-Control"] = "private, no-cache"
    return response


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="Public pins as GeoJSON",
        responses={200: serializers.PinFeatureSerializer(many=True)},
    ),
    post=extend_schema(
        tags=TAGS,
        summary="Pin an idea or complaint",
        request={
            "application/json": serializers.PinCreateSerializer,
            "multipart/form-data": serializers.PinCreateSerializer,
            "application/x-www-form-urlencoded": serializers.PinCreateSerializer,
        },
        responses={201: serializers.PinDetailSerializer},
    ),
)
class PinListCreate(WriteView, GeoJSONListView):
    """The public pins (newest first): never private, hidden or withdrawn ones, never an
    author. Posting needs an account; a pin in a sensitive category stays private."""

    serializer_class = serializers.PinFeatureSerializer
    filterset_class = PinFilterSet
    throttle_scope = "pin_post"
    # JSON for apps, multipart with photos, or a plain form post (no photos).
    parser_classes = [JSONParser, PinMultiPartParser, FormParser]

    def get_queryset(self):
        return Pin.objects.public()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        # Validated by the filter set (1..LIST_LIMIT_MAX) before we get here; read the way
        # it reads it ("10.0" is 10, which int() would refuse).
        limit = forms.IntegerField().to_python(request.query_params.get("limit"))
        limit = limit or selectors.LIST_LIMIT_DEFAULT
        response = HttpResponse(selectors.pins_geojson(queryset, limit=limit), content_type=GEOJSON)
        return revalidated(request, response)

    def post(self, request, *args, **kwargs):
        data = serializers.PinCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with service_errors(rename=LOCATION):
            pin = services.pin_create(
                author=request.user,
                kind=values["kind"],
                category=values["category"],
                title=values["title"],
                description=values["description"],
                geom=values["location"],
                photos=values["photos"],
                contact_consent=values["contact_consent"],
            )
        return pin_response(request, pin, status_code=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=TAGS, summary="One pin with photos, history and comments"),
    patch=extend_schema(
        tags=TAGS,
        summary="Change your own pin while it is new",
        request=serializers.PinUpdateSerializer,
    ),
    delete=extend_schema(
        tags=TAGS,
        summary="Withdraw your own pin while it is new",
        responses={204: OpenApiResponse(description="Withdrawn")},
    ),
)
class PinDetail(WriteView, generics.GenericAPIView):
    """Public pins for everyone; private, hidden and withdrawn ones only for their author."""

    serializer_class = serializers.PinDetailSerializer
    throttle_scope = "pin_post"
    lookup_field = lookup_url_kwarg = "public_id"

    def get_queryset(self):
        return selectors.pin_detail_queryset(self.request.user)

    def get(self, request, *args, **kwargs):
        return pin_response(request, self.get_object())

    def patch(self, request, *args, **kwargs):
        pin = self.get_object()
        data = serializers.PinUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with service_errors(rename=LOCATION):
            pin = services.pin_update(
                pin=pin,
                by=request.user,
                kind=values.get("kind"),
                category=values.get("category"),
                title=values.get("title"),
                description=values.get("description"),
                geom=values.get("location"),
            )
        return pin_response(request, pin)

    def delete(self, request, *args, **kwargs):
        with service_errors():
            services.pin_withdraw(pin=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _visible_pin(request, public_id: str) -> Pin:
    return get_object_or_404(Pin.objects.visible_to(request.user), public_id=public_id)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Support a pin (once per resident)",
        request=None,
        responses={200: serializers.SupportStateSerializer},
    ),
    delete=extend_schema(
        tags=TAGS,
        summary="Take your support back",
        request=None,
        # The new state, as for the support itself (not a bare 204).
        responses={200: serializers.SupportStateSerializer},
    ),
)
class PinSupport(BodyTooLarge, APIView):
    """Idempotent: supporting twice, or twice at the same moment, counts once."""

    permission_classes = [IsVerifiedResident]
    serializer_class = serializers.SupportStateSerializer

    def _state(self, pin: Pin, supported: bool) -> Response:
        pin.refresh_from_db(fields=["support_count"])
        data = {"supported": supported, "support_count": pin.support_count}
        return Response(serializers.SupportStateSerializer(data).data)

    def post(self, request, public_id: str):
        pin = _visible_pin(request, public_id)
        with service_errors():
            services.support_add(pin=pin, user=request.user)
        return self._state(pin, True)

    def delete(self, request, public_id: str):
        pin = _visible_pin(request, public_id)
        with service_errors():
            services.support_remove(pin=pin, user=request.user)
        return self._state(pin, False)


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="Comment on a pin",
        request=serializers.CommentCreateSerializer,
        responses={201: serializers.CommentSerializer},
    )
)
class PinCommentCreate(WriteView, APIView):
    permission_classes = [IsVerifiedResident]
    throttle_scope = "comment_post"

    def post(self, request, public_id: str):
        pin = _visible_pin(request, public_id)
        data = serializers.CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            comment = services.comment_create(
                pin=pin, author=request.user, body=data.validated_data["body"]
            )
        return Response(
            serializers.CommentSerializer(comment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


report_schema = extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        request=serializers.ReportCreateSerializer,
        responses={
            201: serializers.ReportStateSerializer,
            200: OpenApiResponse(serializers.ReportStateSerializer, description="Reported before"),
        },
    )
)


class ReportView(WriteView, APIView):
    permission_classes = [IsVerifiedResident]
    throttle_scope = "report_post"

    def _report(self, request, **target) -> Response:
        data = serializers.ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            created = services.report_create(reporter=request.user, **data.validated_data, **target)
        return Response(
            {"reported": True}, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


@report_schema
class PinReport(ReportView):
    """Report a pin to the moderators; enough reports hide it until they have looked."""

    def post(self, request, public_id: str):
        return self._report(request, pin=_visible_pin(request, public_id))


@report_schema
class CommentReport(ReportView):
    """Report a comment to the moderators; enough reports hide it until they have looked."""

    def post(self, request, pk: int):
        comment = get_object_or_404(
            Comment.objects.visible().filter(pin__in=Pin.objects.public()), pk=pk
        )
        return self._report(request, comment=comment)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="My pins as GeoJSON, also private ones",
        responses={200: serializers.OwnPinFeatureSerializer(many=True)},
    )
)
class MyPinList(APIView):
    """Everything I pinned, with its status: also sensitive signals, hidden and withdrawn pins."""

    # Signed in is enough to see what you posted, verified or not.
    permission_classes = [IsAuthenticated]
    serializer_class = serializers.OwnPinFeatureSerializer
    response_media_type = GEOJSON

    def get(self, request):
        response = HttpResponse(selectors.own_pins_geojson(request.user), content_type=GEOJSON)
        response["Cache-Control"] = "private, no-store"
        return response


@extend_schema_view(get=extend_schema(tags=TAGS, summary="Categories for the pin form"))
class CategoryList(generics.ListAPIView):
    """Active categories. Private ones (is_private) are listed so the form can say that such
    a pin goes privately to the social team; their public_pin_count is always 0."""

    serializer_class = serializers.CategorySerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return selectors.categories_for_form()


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="Similar pins nearby (duplicate suggestions)",
        parameters=[serializers.SimilarQuerySerializer],
        responses={200: serializers.PinFeatureSerializer(many=True)},
    )
)
class PinSimilar(APIView):
    """Public pins of the same category near a spot, so a resident can support one instead
    of posting the same thing again."""

    response_media_type = GEOJSON

    def get(self, request):
        query = serializers.SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        pins = selectors.nearby_similar(
            category=values["category"], geom=values["point"], metres=values["metres"]
        )
        body = selectors.pins_geojson(pins, limit=serializers.SIMILAR_LIMIT)
        return revalidated(request, HttpResponse(body, content_type=GEOJSON))
