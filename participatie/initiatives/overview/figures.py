"""The yearly overview's figures per district: initiatives proposed, granted and realised
and the money granted (selectors.year_overview), next to the district's budget allocated,
spent and remaining (selectors.budget_overview), with the totals of the municipality."""

from __future__ import annotations

from dataclasses import dataclass

from participatie.initiatives import selectors


@dataclass(frozen=True)
class DistrictFigures:
    code: str
    name: str
    is_priority: bool
    proposed: int
    granted: int
    realised: int
    granted_cents: int
    allocated_cents: int | None  # None: no allocation for this district this year
    spent_cents: int
    remaining_cents: int | None


@dataclass(frozen=True)
class YearFigures:
    year: int
    districts: list[DistrictFigures]
    total: DistrictFigures


def year_figures(*, year: int) -> YearFigures:
    budget = {row.district_code: row for row in selectors.budget_overview(year=year)}
    rows = []
    for row in selectors.year_overview(year=year):
        allocation = budget.get(row.district_code)
        rows.append(
            DistrictFigures(
                code=row.district_code,
                name=row.district_name,
                is_priority=bool(allocation and allocation.is_priority),
                proposed=row.proposed,
                granted=row.granted,
                realised=row.realised,
                granted_cents=row.granted_cents,
                allocated_cents=allocation.allocated_cents if allocation else None,
                spent_cents=allocation.spent_cents if allocation else 0,
                remaining_cents=allocation.remaining_cents if allocation else None,
            )
        )
    # Priority districts first, as in the budget overview; then by name.
    rows.sort(key=lambda row: (not row.is_priority, row.name))
    allocated = [row.allocated_cents for row in rows if row.allocated_cents is not None]
    remaining = [row.remaining_cents for row in rows if row.remaining_cents is not None]
    total = DistrictFigures(
        code="",
        name="",
        is_priority=False,
        proposed=sum(row.proposed for row in rows),
        granted=sum(row.granted for row in rows),
        realised=sum(row.realised for row in rows),
        granted_cents=sum(row.granted_cents for row in rows),
        allocated_cents=sum(allocated) if allocated else None,
        spent_cents=sum(row.spent_cents for row in rows),
        remaining_cents=sum(remaining) if remaining else None,
    )
    return YearFigures(year=year, districts=rows, total=total)
