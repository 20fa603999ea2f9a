"""Who may use the staff API: those who triage (roles.can_triage), with the second factor
done where staff log-in requires it. A session carries its verified code; an API token
does not, so tokens open the staff API only where two-factor log-in is switched off."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from participatie.accounts.access import two_factor_pending
from participatie.pins import roles


class TriageStaffOnly(BasePermission):
    message = _("The staff API is for the partners' teams.")

    def has_permission(self, request, view) -> bool:
        if not roles.can_triage(request.user):
            return False
        if two_factor_pending(request):
            self.message = _(
                "Enter the code of your authenticator app first (two-step log-in); "
                "API tokens cannot do that, use a signed-in session."
            )
            return False
        return True
