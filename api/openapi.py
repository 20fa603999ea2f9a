"""The OpenAPI schema's view of who may call an operation and what it answers with:

- `security`: `[]` where an operation takes no credentials at all (the token endpoint);
  an empty requirement `{}` next to the schemes where anyone may call it (reads), so a
  client sees which operations need a log-in;
- 401 wherever credentials are read: an unknown or revoked token is refused on any
  operation, and an operation that needs a log-in refuses a request without one;
- GeoJSON answers (`response_media_type` on the view) as `application/geo+json`, the
  media type they are served with.

The error statuses themselves and their body are documented by api/schema.py.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import permissions

from api.permissions import IsVerifiedResidentOrReadOnly

# Permissions that let anyone read.
OPEN_FOR_READING = (permissions.AllowAny, IsVerifiedResidentOrReadOnly)

UNAUTHORIZED = {
    "description": (
        "The token is unknown or revoked (`WWW-Authenticate: Token`), or this operation "
        "needs a log-in and none was given."
    )
}


class AutoSchema(SpectacularAutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        if not self.view.get_authenticators():
            return []
        perms = self.view.get_permissions()
        if (
            {} not in auths
            and self.method in permissions.SAFE_METHODS
            and all(isinstance(p, OPEN_FOR_READING) for p in perms)
        ):
            auths.append({})
        return auths

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if not self.view.get_authenticators():
            operation["security"] = []  # public: no credentials are read at all
        else:
            operation["responses"].setdefault("401", dict(UNAUTHORIZED))
        media_type = getattr(self.view, "response_media_type", None)
        if media_type and self.method == "GET":
            for code, response in operation["responses"].items():
                content = response.get("content", {})
                if code.startswith("2") and "application/json" in content:
                    response["content"] = {media_type: content["application/json"]}
        return operation
