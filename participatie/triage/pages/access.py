"""The gate of every workspace page: the staff gate (log-in, staff role, second factor),
then the workspace's own rule, roles.can_triage. Anyone else gets a page that says why."""

from __future__ import annotations

from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from participatie.accounts.access import is_staff_member, staff_required
from participatie.pins import roles


def refused(request: HttpRequest) -> HttpResponse:
    """403, with a page for people (a resident who followed a link, a designer) and a
    short answer for the page script."""
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": _("The workspace is for the partners' teams.")}, status=403)
    context = {"is_staff": is_staff_member(request.user)}
    return render(request, "triage/refused.html", context, status=403)


def workspace_view(view):
    """Wraps a workspace view: signed in with a staff role (staff_required), and one who
    triages. Residents are told kindly that this is the partners' workspace."""

    @wraps(view)
    def triaging(request, *args, **kwargs):
        if not roles.can_triage(request.user):
            return refused(request)
        return view(request, *args, **kwargs)

    gated = staff_required(triaging)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not is_staff_member(user):
            return refused(request)
        return gated(request, *args, **kwargs)

    return wrapped
