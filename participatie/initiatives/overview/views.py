"""The yearly overview of the initiatives: per district how many were proposed, granted and
realised, the money granted and the budget, a printable map of the realised ones (folium),
and the same figures as CSV. Public: only counts and sums, never a person."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from participatie.initiatives.overview.csvexport import overview_csv
from participatie.initiatives.overview.figures import year_figures
from participatie.initiatives.overview.foliummap import overview_map

YEAR_MIN, YEAR_MAX = 2000, 2100


def _year_checked(year: int) -> int:
    # The URL takes digits only; a year far off is no overview, not an error page.
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    return year


@require_safe
def overview_current(request: HttpRequest) -> HttpResponse:
    return redirect("initiative-overview", year=timezone.localdate().year)


@require_safe
def overview_page(request: HttpRequest, year: int) -> HttpResponse:
    year = _year_checked(year)
    figures = year_figures(year=year)
    context = {
        "figures": figures,
        "map": overview_map(year=year),
        "previous_year": year - 1 if year > YEAR_MIN else None,
        "next_year": year + 1 if year < timezone.localdate().year else None,
        "today": timezone.localdate(),
    }
    return render(request, "initiatives/overview/page.html", context)


@require_safe
def overview_csv_download(request: HttpRequest, year: int) -> HttpResponse:
    year = _year_checked(year)
    response = HttpResponse(
        overview_csv(year_figures(year=year)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="initiatieven-{year}.csv"'
    return response
