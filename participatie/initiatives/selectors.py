"""Reads of initiatives: listings, one initiative's review state, the budget overview per
year and district, and the yearly overview."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from maps.models import Area
from participatie.initiatives.models import (
    BudgetLine,
    ChecklistItem,
    DistrictAllocation,
    Initiative,
)

GRANTED_STATUSES = (
    Initiative.Status.GRANTED,
    Initiative.Status.PARTLY_GRANTED,
    Initiative.Status.REALISED,
)


def initiative_list(*, user=None, filters: dict | None = None):
    """Initiatives the user may see, filtered by InitiativeFilterSet (district, status, year,
    kind), newest first. Raises ValidationError for an unknown filter value."""
    from django.core.exceptions import ValidationError

    from participatie.initiatives.filters import InitiativeFilterSet

    queryset = (
        Initiative.objects.visible_to(user)
        .select_related("district", "neighbourhood")
        .order_by("-submitted_at", "-pk")
    )
    filterset = InitiativeFilterSet(filters or {}, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def initiative_by_public_id(public_id: str, *, user=None) -> Initiative | None:
    return (
        Initiative.objects.visible_to(user)
        .select_related("programme", "district", "neighbourhood", "organiser", "from_pin")
        .filter(public_id=str(public_id or "").strip())
        .first()
    )


def checklist_of(initiative: Initiative) -> list[tuple[ChecklistItem, bool]]:
    """The programme's checklist with, for each point, whether it is ticked."""
    ticked = set(initiative.checklist_ticks.values_list("item_id", flat=True))
    items = ChecklistItem.objects.filter(programme_id=initiative.programme_id, is_active=True)
    return [(item, item.pk in ticked) for item in items]


@dataclass(frozen=True)
class BudgetRow:
    district_code: str
    district_name: str
    is_priority: bool
    allocated_cents: int
    granted_cents: int
    spent_cents: int

    @property
    def remaining_cents(self) -> int:
        return self.allocated_cents - self.granted_cents


def budget_overview(*, year: int, programme=None) -> list[BudgetRow]:
    """Per district with an allocation in `year`: allocated, granted (what decisions drew),
    spent (reported by the organisers of realised initiatives) and remaining (allocated −
    granted). Priority districts first, then by name."""
    allocations = DistrictAllocation.objects.filter(budget__year=year).select_related("district")
    if programme is not None:
        allocations = allocations.filter(budget__programme=programme)
    spent = dict(
        BudgetLine.objects.filter(
            initiative__year=year,
            initiative__status=Initiative.Status.REALISED,
            spent_cents__isnull=False,
            **({"initiative__programme": programme} if programme is not None else {}),
        )
        .values("initiative__district_id")
        .annotate(total=Sum("spent_cents"))
        .values_list("initiative__district_id", "total")
    )
    rows: dict[int, BudgetRow] = {}
    for allocation in allocations:
        previous = rows.get(allocation.district_id)
        rows[allocation.district_id] = BudgetRow(
            district_code=allocation.district.code,
            district_name=allocation.district.name,
            is_priority=allocation.is_priority or bool(previous and previous.is_priority),
            allocated_cents=allocation.amount_cents + (previous.allocated_cents if previous else 0),
            granted_cents=allocation.granted_cents + (previous.granted_cents if previous else 0),
            spent_cents=int(spent.get(allocation.district_id) or 0),
        )
    return sorted(rows.values(), key=lambda row: (not row.is_priority, row.district_name))


@dataclass(frozen=True)
class YearRow:
    district_code: str
    district_name: str
    proposed: int
    granted: int
    realised: int
    granted_cents: int


def year_overview(*, year: int) -> list[YearRow]:
    """Per district: initiatives submitted in `year`, how many were granted (also partly,
    and those realised since), how many realised, and the money granted."""
    counts = (
        Initiative.objects.public()
        .filter(year=year, district__isnull=False)
        .values("district_id")
        .annotate(
            proposed=Count("pk"),
            granted=Count("pk", filter=Q(status__in=GRANTED_STATUSES)),
            realised=Count("pk", filter=Q(status=Initiative.Status.REALISED)),
            money=Sum("decision__granted_cents"),
        )
    )
    by_district = {row["district_id"]: row for row in counts}
    districts = Area.objects.districts().order_by("name").only("pk", "code", "name")
    return [
        YearRow(
            district_code=district.code,
            district_name=district.name,
            proposed=by_district.get(district.pk, {}).get("proposed", 0),
            granted=by_district.get(district.pk, {}).get("granted", 0),
            realised=by_district.get(district.pk, {}).get("realised", 0),
            granted_cents=int(by_district.get(district.pk, {}).get("money") or 0),
        )
        for district in districts
    ]
