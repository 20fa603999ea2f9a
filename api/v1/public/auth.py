"""API tokens for residents' apps: e-mail + password of a verified account → a token.

Send it as `Authorization: Token <key>`. Attempts count against the same limits as the
log-in page (per client address and per e-mail address). Each request makes a new token
(an app or script of its own, named by `label`); residents see and revoke them on their
account page, and a password change revokes them all.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from participatie.accounts.ratelimits import login_attempt
from participatie.accounts.services import API_TOKENS_MAX, api_token_create, user_authenticate


class TokenCredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    label = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text="A name for the app or script, shown on the account page.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class ObtainToken(APIView):
    # No session authentication here: the token goes to whoever proves the password, so
    # there is nothing for a cross-site request to exploit, and apps need no CSRF cookie.
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["auth"],
        summary="Get an API token",
        description=(
            "Exchange the e-mail address and password of an account with a confirmed "
            "e-mail address for a new API token. The key is shown only here (only its hash "
            f"is kept). An account holds at most {API_TOKENS_MAX} tokens: a new one beyond that "
            "replaces the one used longest ago. The resident sees and revokes the tokens on "
            "the account page (/account/); a password change or reset revokes them all."
        ),
        request=TokenCredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                description="Wrong e-mail address or password, or the address is not confirmed."
            ),
            429: OpenApiResponse(description="Too many attempts; see Retry-After."),
        },
        auth=[],
    )
    def post(self, request):
        data = TokenCredentialsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email, password = data.validated_data["email"], data.validated_data["password"]
        attempt = login_attempt(request._request, email=email)
        if attempt.wait is not None:
            raise Throttled(wait=attempt.wait)
        user = user_authenticate(request=request._request, email=email, password=password)
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to log in with the provided credentials.")]},
                code="authorization",
            )
        attempt.succeeded()  # only wrong passwords count for the e-mail address
        if not user.can_participate:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Confirm your e-mail address first.")]},
                code="email_not_verified",
            )
        try:
            _token, key = api_token_create(user=user, label=data.validated_data.get("label", ""))
        except PermissionError:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        _(
                            "Staff accounts log in in two steps on the site; API tokens are "
                            "for residents' apps."
                        )
                    ]
                },
                code="two_factor",
            ) from None
        return Response(TokenSerializer({"token": key}).data, status=status.HTTP_200_OK)
