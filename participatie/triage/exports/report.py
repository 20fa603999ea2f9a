"""The numbers of the area report for neighbourhood meetings: which districts and
neighbourhoods it covers, counts per neighbourhood and per category, and the confidential
signals — for anyone who may not see them as points — only as a count per neighbourhood,
and only where there are at least CONFIDENTIAL_MIN_COUNT (selectors.confidential_counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from maps.models import Area
from participatie.accounts.models import User
from participatie.pins import roles
from participatie.pins.models import OPEN_STATUSES, Pin
from participatie.pins.selectors import category_name_expression
from participatie.triage import selectors
from participatie.triage.exports.selection import Selection, overdue_q

COUNTS = ("total", "ideas", "complaints", "open", "done", "overdue")


def _counts() -> dict:
    return {
        "total": Count("id"),
        "ideas": Count("id", filter=Q(kind=Pin.Kind.IDEA)),
        "complaints": Count("id", filter=Q(kind=Pin.Kind.COMPLAINT)),
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
        "done": Count("id", filter=Q(status=Pin.Status.DONE)),
        "overdue": Count("id", filter=overdue_q()),
    }


@dataclass
class Row:
    code: str
    name: str
    total: int = 0
    ideas: int = 0
    complaints: int = 0
    open: int = 0
    done: int = 0
    overdue: int = 0


@dataclass
class ReportAreas:
    title: str
    districts: list[Area]
    neighbourhoods: list[Area]
    polygon: object | None = None


@dataclass
class AreaReport:
    areas: ReportAreas
    created_after: dt.date | None
    created_before: dt.date | None
    neighbourhoods: list[Row]
    categories: list[Row]
    totals: Row
    confidential: list[tuple[str, str, int]] = field(default_factory=list)
    confidential_shown_as_count: bool = False
    has_confidential_points: bool = False


def report_areas(selection: Selection) -> ReportAreas:
    """The districts and neighbourhoods the report covers: the chosen area, the
    neighbourhoods a drawn area touches, or else the whole municipality; and wherever else
    a selected pin lies."""
    filters = selection.filters
    area, polygon = filters.get("area"), filters.get("polygon")
    neighbourhoods = Area.objects.neighbourhoods()
    districts = Area.objects.districts()
    if area is not None:
        area = Area.objects.get(pk=area.pk)
        if area.level == Area.Level.NEIGHBOURHOOD:
            districts = districts.filter(pk=area.parent_id)
            neighbourhoods = neighbourhoods.filter(pk=area.pk)
        elif area.level == Area.Level.DISTRICT:
            districts = districts.filter(pk=area.pk)
            neighbourhoods = neighbourhoods.filter(parent=area)
        else:
            districts = districts.filter(parent=area)
            neighbourhoods = neighbourhoods.filter(parent__parent=area)
        title = area.name
    elif polygon is not None:
        neighbourhoods = neighbourhoods.in_shape(polygon)
        districts = districts.filter(pk__in=neighbourhoods.values("parent"))
        title = _("Drawn area")
    else:
        # No area chosen: the selection is the whole municipality (every public pin).
        municipality = Area.objects.municipality().only("name").first()
        districts = districts.filter(parent__code=settings.MUNICIPALITY_CODE)
        neighbourhoods = neighbourhoods.filter(parent__in=districts)
        title = municipality.name if municipality else _("Whole municipality")
    # Also the neighbourhoods outside these where selected pins lie (a drawn area's edge).
    with_pins = selection.pins.order_by().values("neighbourhood")
    neighbourhoods = Area.objects.filter(
        Q(pk__in=neighbourhoods.values("pk")) | Q(pk__in=with_pins)
    ).order_by("name")
    districts = Area.objects.filter(
        Q(pk__in=districts.values("pk")) | Q(pk__in=neighbourhoods.values("parent"))
    ).order_by("name")
    return ReportAreas(
        title=title,
        districts=list(districts),
        neighbourhoods=list(neighbourhoods.select_related("parent")),
        polygon=polygon,
    )


def _rows(pins: QuerySet, key: str, name) -> list[Row]:
    grouped = pins.order_by().values(key).annotate(label=name, **_counts())
    return [
        Row(code=r[key] or "", name=r["label"] or "", **{k: r[k] for k in COUNTS}) for r in grouped
    ]


def area_report(selection: Selection, user) -> AreaReport:
    pins = selection.pins
    areas = report_areas(selection)
    by_code = {r.code: r for r in _rows(pins, "neighbourhood__code", F("neighbourhood__name"))}
    rows = [
        by_code.pop(hood.code, Row(code=hood.code, name=hood.name)) for hood in areas.neighbourhoods
    ]
    for row in by_code.values():  # pins without a neighbourhood (should not happen)
        rows.append(Row(**{**row.__dict__, "name": row.name or _("No neighbourhood")}))
    categories = sorted(
        _rows(pins, "category__slug", category_name_expression()), key=lambda r: (-r.total, r.name)
    )
    totals = Row(code="", name=_("Total"), **pins.order_by().aggregate(**_counts()))
    report = AreaReport(
        areas=areas,
        created_after=selection.filters.get("created_after"),
        created_before=selection.filters.get("created_before"),
        neighbourhoods=rows,
        categories=categories,
        totals=totals,
    )
    if roles.sees_confidential(user):
        report.has_confidential_points = pins.filter(category__is_sensitive=True).exists()
    else:
        report.confidential_shown_as_count = True
        counts = selectors.confidential_counts(
            user, district_ids=[district.pk for district in areas.districts]
        )
        report.confidential = [
            (hood.code, hood.name, counts[hood.code])
            for hood in areas.neighbourhoods
            if hood.code in counts
        ]
    return report


# Filters the title and period already tell.
SHOWN_ELSEWHERE = {"area", "polygon", "created_after", "created_before", "bbox", "limit"}


def described_filters(selection: Selection) -> list[tuple[str, str]]:
    """The other filters of the report, in words: (label, value)."""
    form = selection.filterset.form
    described = []
    for name, value in selection.filters.items():
        if name in SHOWN_ELSEWHERE or value is False or _empty(value):
            continue
        field = form.fields[name]
        if name == "assignee":
            text = {"me": _("me"), "none": _("nobody")}.get(value) or _assignee_name(value)
        elif value is True:
            text = _("yes")
        elif hasattr(field, "choices") and isinstance(value, list | tuple):
            labels = dict(field.choices)
            text = ", ".join(str(labels.get(v, v)) for v in value)
        elif isinstance(value, list | tuple | QuerySet):
            text = ", ".join(getattr(v, "display_name", None) or str(v) for v in value)
        else:
            text = str(value)
        described.append((str(field.label), text))
    return described


def _assignee_name(pk: int) -> str:
    person = User.objects.filter(pk=pk).only("display_name", "username").first()
    return (person.display_name or person.username) if person else str(pk)


def _empty(value) -> bool:
    return isinstance(value, list | tuple | QuerySet) and not len(value)
