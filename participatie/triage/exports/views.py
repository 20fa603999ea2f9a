"""Exports of the workspace's filtered selection (CSV, GeoJSON) and the printable area
report. The workspace links here with its own query string, so an export holds exactly
the pins of the table: those the user may see (visible_to) under the same filters.

Only for those who triage (roles.can_triage), behind the staff gate (log-in, staff role,
second factor): anyone else signed in gets 403, someone not signed in the log-in page.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participatie.accounts.access import staff_required
from participatie.pins import roles
from participatie.triage import selectors
from participatie.triage.exports.features import geojson_stream
from participatie.triage.exports.report import area_report, described_filters
from participatie.triage.exports.reportmap import POINTS_MAX, legend_label, report_map
from participatie.triage.exports.selection import Refused, cap_check, selection_of
from participatie.triage.exports.spreadsheet import csv_stream


def triage_export(view):
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs):
        if not roles.can_triage(request.user):
            raise PermissionDenied
        try:
            response = view(request, *args, **kwargs)
        except Refused as refused:
            response = render(
                request,
                "triage/report_refused.html",
                {"messages_refused": refused.messages, "query": request.GET.urlencode()},
                status=400,
            )
        # What staff may see is theirs only: never in a shared cache or the browser's.
        response["Cache-Control"] = "private, no-store"
        return response

    return staff_required(checked)


def _attachment(response, extension: str) -> None:
    name = f"{slugify(_('pins'))}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'


@triage_export
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    pins = selection_of(request).pins
    cap_check(pins)
    response = StreamingHttpResponse(csv_stream(pins), content_type="text/csv; charset=utf-8")
    _attachment(response, "csv")
    return response


@triage_export
def export_geojson(request: HttpRequest) -> StreamingHttpResponse:
    pins = selection_of(request).pins
    cap_check(pins)
    response = StreamingHttpResponse(geojson_stream(pins), content_type="application/geo+json")
    _attachment(response, "geojson")
    return response


@triage_export
def area_report_page(request: HttpRequest) -> HttpResponse:
    selection = selection_of(request)
    report = area_report(selection, request.user)
    figure = report_map(
        pins=selection.pins,
        areas=report.areas,
        counts=selectors.neighbourhood_counts(selection.pins),
        polygon=report.areas.polygon,
    )
    context = {
        "report": report,
        "map": figure,
        "legend": [(legend_label(item), item.colour) for item in figure.classes],
        "described_filters": described_filters(selection),
        "points_max": POINTS_MAX,
        "query": request.GET.urlencode(),
        "today": timezone.localdate(),
        "min_count": selectors.CONFIDENTIAL_MIN_COUNT,
    }
    return render(request, "triage/report.html", context)
