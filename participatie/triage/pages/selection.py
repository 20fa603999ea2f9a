"""What the workspace does with a selection: bulk actions on the ticked rows, and saved
filters (a name for the address's filters, to reopen or share)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from participatie.pins.models import Pin
from participatie.triage import services
from participatie.triage.models import SavedFilter
from participatie.triage.pages.access import refused, workspace_view
from participatie.triage.pages.forms import BulkForm, SavedFilterForm
from participatie.triage.pages.workspace import workspace_context

# At most this many refusals are listed one by one; the rest are counted.
REFUSALS_LISTED = 10


def _workspace_url(query: str) -> str:
    return reverse("workspace") + (f"?{query.lstrip('?')}" if query else "")


def _render_workspace(request: HttpRequest, query: str, **forms) -> HttpResponse:
    """The workspace with the filters of `query` and a form with errors (400)."""
    request.GET = QueryDict(query.lstrip("?"))
    return render(request, "triage/workspace.html", workspace_context(request, **forms), status=400)


def _report(request: HttpRequest, asked: list[int], result: services.BulkResult) -> None:
    if result.done:
        count = len(result.done)
        messages.success(
            request,
            ngettext(
                "%(count)s report has been changed.", "%(count)s reports have been changed.", count
            )
            % {"count": count},
        )
    unseen = [pk for pk in asked if pk not in result.done and pk not in result.refused]
    refused_count = len(result.refused) + len(unseen)
    if not refused_count:
        return
    messages.warning(
        request,
        ngettext(
            "%(count)s report has not been changed:",
            "%(count)s reports have not been changed:",
            refused_count,
        )
        % {"count": refused_count},
    )
    titles = dict(Pin.objects.filter(pk__in=list(result.refused)).values_list("pk", "title"))
    for pk, reason in list(result.refused.items())[:REFUSALS_LISTED]:
        messages.warning(request, f"#{pk} {titles.get(pk, '')}: {reason}")
    if unseen:
        messages.warning(
            request,
            ngettext(
                "%(count)s report was not found or is not yours to see.",
                "%(count)s reports were not found or are not yours to see.",
                len(unseen),
            )
            % {"count": len(unseen)},
        )


@workspace_view
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST, user=request.user)
    query = request.POST.get("query", "")
    if not form.is_valid():
        return _render_workspace(request, query, bulk_form=form)
    data = form.cleaned_data
    try:
        if data["action"] == BulkForm.ASSIGN:
            result = services.pins_bulk_assign(
                by=request.user,
                pin_ids=data["pin"],
                partner=data["partner"],
                assignee=data["assignee"],
            )
        else:
            result = services.pins_bulk_set_status(
                by=request.user, pin_ids=data["pin"], status=data["status"], reason=data["reason"]
            )
    except PermissionDenied:
        return refused(request)
    _report(request, data["pin"], result)
    return redirect(_workspace_url(data["query"]))


@workspace_view
@require_POST
def filter_save(request: HttpRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    query = request.POST.get("query", "")
    if form.is_valid():
        try:
            saved = services.saved_filter_save(
                owner=request.user, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
            )
        except ValidationError as error:
            for key, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(
                request, _("The filter “%(name)s” has been saved.") % {"name": saved.name}
            )
            return redirect(_workspace_url(saved.query))
    return _render_workspace(request, query, save_form=form)


@workspace_view
@require_POST
def filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedFilter, pk=pk, owner=request.user)
    services.saved_filter_delete(owner=request.user, saved_filter=saved)
    messages.success(request, _("The filter “%(name)s” has been deleted.") % {"name": saved.name})
    return redirect(_workspace_url(request.POST.get("query", "")))
