"""A resident's own data over the API: the same zip as the account page's download."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from participatie.privacy import export


class MyDataExport(APIView):
    """Everything the site keeps about me, as a zip: account.json, pins.geojson (also
    confidential signals, with status history and answers), comments.json, supports.json,
    redesigns.json (comments, and in which projects I voted, never what I chose) and the
    photos of my pins as files."""

    # Signed in is enough: an unconfirmed account has data too.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["account"],
        summary="Download my data (zip)",
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="A zip archive of my data."
            ),
            401: OpenApiResponse(description="Not signed in (send Authorization: Token …)."),
        },
    )
    def get(self, request):
        return export.export_response(user=request.user)
