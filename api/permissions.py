"""API permissions for residents' writes (pins, comments, support, votes)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsVerifiedResident(BasePermission):
    """Logged in, active and with a confirmed e-mail address; staff and superusers pass too."""

    message = _("Log in with a confirmed e-mail address to take part.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.can_participate)


class IsVerifiedResidentOrReadOnly(IsVerifiedResident):
    """Anyone may read; writing needs a verified resident."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)
