"""`Authorization: Token <key>` with the residents' own named, revocable API tokens."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from participatie.accounts.services import api_token_authenticate


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """DRF's header format and answers (401 with `WWW-Authenticate: Token`), our tokens."""

    def authenticate_credentials(self, key):
        token = api_token_authenticate(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return (token.user, token)
