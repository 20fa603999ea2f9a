"""The workspace: the filtered pins a staff member may see, as a table (overdue first) beside
a map of the same selection. Filters live in the address, so a view can be reloaded, saved
and shared. The table works without JavaScript; the page script swaps in the results
fragment and the map data when the filters change."""

from __future__ import annotations

from django.contrib.gis.db.models.functions import Centroid
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from maps.areas import area_bounds, district_labels, spot_of
from maps.basemap import MAP_ZOOM, basemap_config
from maps.filters import BBoxField
from maps.models import Area
from participatie.pins import roles
from participatie.triage import selectors
from participatie.triage.filters import ME, NOBODY, TriageFilterSet
from participatie.triage.models import SavedFilter
from participatie.triage.pages.access import workspace_view
from participatie.triage.pages.forms import BulkForm, SavedFilterForm, colleagues_of, person_label

PAGE_PARAM = "pagina"
TABLE_SKIPS = (
    "description",
    "status_reason",
    "hidden_reason",
    "geom_3857",
    "neighbourhood__geom",
    "district__geom",
)
LAST_QUERY = "workspace_query"
FALLBACK_VIEW = ((52.15, 5.39), 8)  # before any municipality is loaded
# The filters that have a field of their own in the form, in the order shown.
FORM_FIELDS = (
    "q",
    "area",
    "kind",
    "category",
    "status",
    "hide_closed",
    "partner",
    "assignee",
    "overdue",
    "created_after",
    "created_before",
)


def filter_query(params: QueryDict) -> str:
    """The filters of an address, without the page number: what is saved and shared."""
    query = params.copy()
    query.pop(PAGE_PARAM, None)
    return query.urlencode()


def _filterset(request: HttpRequest) -> TriageFilterSet:
    filterset = selectors.workspace_filterset(request)
    form = filterset.form
    # The help texts document the parameters for the API; the page's labels say enough.
    for field in form.fields.values():
        field.help_text = ""
    for name in ("created_after", "created_before"):
        form.fields[name].widget.input_type = "date"
    form.fields["q"].widget.input_type = "search"
    form.fields["area"].widget.choices = _area_choices(request.user)
    return filterset


def _filter_errors(filterset: TriageFilterSet) -> bool:
    return filterset.is_bound and not filterset.is_valid()


def _rows(page: Page) -> list[dict]:
    rows = []
    for pin in page.object_list:
        spot = spot_of(pin.geom)
        rows.append({"pin": pin, "lat": round(spot.y, 6), "lon": round(spot.x, 6)})
    return rows


def _area_names(codes) -> dict[str, str]:
    return dict(Area.objects.filter(code__in=list(codes)).values_list("code", "name"))


def _by_name(counts: dict[str, int]) -> list[dict]:
    names = _area_names(counts)
    rows = [{"code": c, "name": names.get(c, c), "count": n} for c, n in counts.items()]
    return sorted(rows, key=lambda row: (-row["count"], row["name"]))


def confidential_counts(request: HttpRequest, filterset: TriageFilterSet) -> dict[str, int] | None:
    """Confidential signals per neighbourhood (at least the minimum) for those who may not
    see them as points; None for those who see the points in the table anyway. Only the
    chosen area narrows them: the other filters are about what they may not see."""
    user = request.user
    if roles.sees_confidential(user):
        return None
    area = filterset.form.cleaned_data.get("area") if filterset.is_bound else None
    district_ids = None
    if area is not None and area.level == Area.Level.DISTRICT:
        district_ids = [area.pk]
    elif area is not None and area.level == Area.Level.NEIGHBOURHOOD:
        district_ids = [area.parent_id]
    counts = selectors.confidential_counts(user, district_ids=district_ids)
    if area is not None and area.level == Area.Level.NEIGHBOURHOOD:
        counts = {code: n for code, n in counts.items() if code == area.code}
    return counts


def count_text(count: int) -> str:
    return ngettext("%(count)s report", "%(count)s reports", count) % {"count": count}


def results_context(request: HttpRequest, filterset: TriageFilterSet, **extra) -> dict:
    pins = filterset.qs
    # The table shows none of the long or heavy columns: leave them in the database.
    # Sort and page the ids alone (pin columns only), then load just the page's rows with
    # their related records: the joins run for 50 rows, not for the whole selection.
    ids = selectors.ordered_for_triage(pins).values_list("pk", flat=True)
    page = Paginator(ids, selectors.PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    page_ids = list(page.object_list)
    loaded = {pin.pk: pin for pin in pins.filter(pk__in=page_ids).defer(*TABLE_SKIPS)}
    page.object_list = [loaded[pk] for pk in page_ids if pk in loaded]
    query = filter_query(request.GET)
    confidential = confidential_counts(request, filterset)
    bulk_form = extra.pop("bulk_form", None) or BulkForm(
        initial={"query": query}, user=request.user
    )
    selected = set()
    if bulk_form.is_bound:  # sent back with an error: keep the rows ticked
        selected = {int(pk) for pk in bulk_form.data.getlist("pin") if pk.isdigit()}
    return {
        "page": page,
        "rows": _rows(page),
        "query": query,
        "count_text": count_text(page.paginator.count),
        "confidential_counts": None if confidential is None else _by_name(confidential),
        "confidential_min": selectors.CONFIDENTIAL_MIN_COUNT,
        "bulk_form": bulk_form,
        "selected": selected,
        "filter_errors": _filter_errors(filterset),
        **extra,
    }


def _area_choices(user) -> list:
    """The area select: the user's own districts first, then the other districts of the
    municipality, each as a whole and by neighbourhood. Not every area in the database: an
    installation may hold the areas of many municipalities (the benchmark holds 35,000)."""
    municipality = Area.objects.municipality().only("pk").first()
    own = user.districts.values("pk")
    districts = (
        Area.objects.districts()
        .filter(Q(parent=municipality) | Q(pk__in=own))
        .annotate(is_own=Exists(own.filter(pk=OuterRef("pk"))))
        .order_by("-is_own", "name")
        .only("code", "name")
    )
    districts = list(districts)
    hoods: dict[int, list] = {}
    for hood in (
        Area.objects.neighbourhoods()
        .filter(parent__in=[d.pk for d in districts])
        .order_by("name")
        .only("code", "name", "parent_id")
    ):
        hoods.setdefault(hood.parent_id, []).append((hood.code, hood.name))
    return [
        ("", _("Whole municipality")),
        *[
            (d.name, [(d.code, _("All of %(name)s") % {"name": d.name}), *hoods.get(d.pk, [])])
            for d in districts
        ],
    ]


def _assignee_choices(user) -> list[tuple[str, str]]:
    people = [(str(person.pk), person_label(person)) for person in colleagues_of(user)]
    return [("", _("Anyone")), (ME, _("Me")), (NOBODY, _("Nobody (unassigned)")), *people]


def _quick_filters(user) -> list[dict]:
    """One-click views: one's own districts, one's own and unassigned open reports."""
    links = [
        {"label": _("Assigned to me"), "query": f"assignee={ME}&hide_closed=on"},
        {"label": _("Unassigned"), "query": f"assignee={NOBODY}&hide_closed=on"},
        {"label": _("Overdue"), "query": "overdue=on"},
    ]
    if roles.works_per_district(user):
        for district in user.districts.order_by("name").only("code", "name"):
            links.append({"label": district.name, "query": f"area={district.code}&hide_closed=on"})
    return links


def _map_config(request: HttpRequest, area_codes: list[str]) -> dict:
    # The centre from PostGIS: the municipality's outline is large, and not needed here.
    municipality = (
        Area.objects.municipality().annotate(centre=Centroid("geom")).values("code", "centre")
    ).first()
    if municipality is not None:
        centre = municipality["centre"]
        center, zoom = (round(centre.y, 5), round(centre.x, 5)), MAP_ZOOM
    else:
        center, zoom = FALLBACK_VIEW
    return {
        **basemap_config(),
        "center": center,
        "zoom": zoom,
        "municipality": municipality["code"] if municipality else None,
        # Names and label points of the neighbourhoods (their outlines come as tiles).
        "neighbourhoods": (
            district_labels(municipality["code"], level="neighbourhood") if municipality else []
        ),
        "areaBounds": area_bounds(area_codes),
        "confidentialAggregated": not roles.sees_confidential(request.user),
        "urls": {
            "workspace": reverse("workspace"),
            "results": reverse("workspace-results"),
            "mapData": reverse("workspace-map-data"),
        },
    }


def _option_groups(choices) -> list[tuple[str, list]]:
    """[(group label or "", [(value, label), …])] for a select written out in a template."""
    return [
        (value, label) if isinstance(label, list) else ("", [(value, label)])
        for value, label in choices
    ]


def _codes_of(choices) -> list[str]:
    codes = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            codes += [code for code, _name in label]
        elif value:
            codes.append(value)
    return codes


def workspace_context(request: HttpRequest, **extra) -> dict:
    filterset = _filterset(request)
    user = request.user
    query = filter_query(request.GET)
    without_polygon = request.GET.copy()
    without_polygon.pop("polygon", None)
    save_form = extra.pop("save_form", None) or SavedFilterForm(initial={"query": query})
    return {
        "filterset": filterset,
        "form": filterset.form,
        "form_fields": FORM_FIELDS,
        "assignee_choices": _assignee_choices(user),
        "assignee_value": request.GET.get("assignee", ""),
        "area_options": _option_groups(filterset.form.fields["area"].widget.choices),
        "area_value": request.GET.get("area", ""),
        "quick_filters": _quick_filters(user),
        "saved_filters": SavedFilter.objects.filter(owner=user),
        "save_form": save_form,
        "query_without_polygon": filter_query(without_polygon),
        "share_url": request.build_absolute_uri(
            reverse("workspace") + (f"?{query}" if query else "")
        ),
        "map_config": _map_config(request, _codes_of(filterset.form.fields["area"].widget.choices)),
        "nav_section": "workspace",
        **results_context(request, filterset, **extra),
    }


def _remember(request: HttpRequest) -> None:
    """The handling page's "back to the list" returns to the last filters and page."""
    address = request.GET.urlencode()
    if request.session.get(LAST_QUERY) != address:
        request.session[LAST_QUERY] = address


@workspace_view
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    _remember(request)
    response = render(request, "triage/workspace.html", workspace_context(request))
    response["Cache-Control"] = "private, no-store"
    return response


@workspace_view
@require_GET
def workspace_results(request: HttpRequest) -> HttpResponse:
    """The table with its counts, for the page script to swap in when filters change."""
    filterset = _filterset(request)
    _remember(request)
    response = render(
        request, "triage/_results.html", results_context(request, filterset, form=filterset.form)
    )
    response["Cache-Control"] = "private, no-store"
    return response


@workspace_view
@require_GET
def workspace_map_data(request: HttpRequest) -> JsonResponse:
    """The map of the filtered selection: clusters and heat as (lon, lat, count) grid cells
    (within `view`, a bbox, when given), pins per neighbourhood for the choropleth, and
    the confidential signals as counts only (for those who may not see them as points).
    `only=cells` leaves out the counts (the map moved, the filters did not)."""
    filterset = _filterset(request)
    if _filter_errors(filterset):
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    try:
        view = BBoxField(required=False).clean(request.GET.get("view", ""))
    except ValidationError as error:
        return JsonResponse({"errors": {"view": error.messages}}, status=400)
    pins = filterset.qs
    data: dict = {"cells": selectors.map_cells(pins, bbox=view)}
    if request.GET.get("only") != "cells":
        data["neighbourhoods"] = selectors.neighbourhood_counts(pins)
        confidential = confidential_counts(request, filterset)
        data["confidential"] = confidential or {}
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response
