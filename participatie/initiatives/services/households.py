"""Households per neighbourhood from the CBS "Kerncijfers wijken en buurten" table.

Accepts the CSV as CBS StatLine exports it (`;`-separated, codes like `BU01060110` in
`WijkenEnBuurten` or `gwb_code`, the count in `aantal_huishoudens` or
`HuishoudensTotaal_28`, `.` as empty value) and as plain comma-separated files. Rows of
other levels (GM, WK) and of neighbourhoods that are not loaded are skipped and counted.
Lines starting with `#` are comments (the demo file says where its figures come from)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maps.models import Area
from participatie.initiatives.models import HouseholdCount

CODE_COLUMNS = ("gwb_code", "gwb_code_10", "WijkenEnBuurten", "Codering_3", "code")
COUNT_COLUMNS = ("aantal_huishoudens", "HuishoudensTotaal_28", "huishoudens")
YEAR_COLUMNS = ("jaar", "Perioden", "year")
SOURCE_COLUMNS = ("bron", "source")
NEIGHBOURHOOD_CODE = re.compile(r"^BU\d{8}$")


@dataclass
class ImportResult:
    imported: int = 0
    skipped_levels: int = 0
    unknown: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {name.strip().lower(): name for name in header}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _year_of(value: str | None, default: int | None) -> int | None:
    found = re.search(r"(19|20)\d\d", value or "")
    return int(found.group(0)) if found else default


def households_import(*, text: str, year: int | None = None, source: str = "CBS") -> ImportResult:
    """Import household counts (replacing those of the same neighbourhood and year).

    `year`: the year the counts are of, when the file has no year column. Raises
    ValidationError (key `file`) for a file without the needed columns or year."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if not line.startswith("#")]
    if not lines:
        raise ValidationError({"file": _("The file is empty.")})
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [name for name in (reader.fieldnames or [])]
    code_column = _column(header, CODE_COLUMNS)
    count_column = _column(header, COUNT_COLUMNS)
    if code_column is None or count_column is None:
        raise ValidationError(
            {
                "file": _(
                    "The file needs a code column (%(codes)s) and a count column (%(counts)s)."
                )
                % {"codes": ", ".join(CODE_COLUMNS), "counts": ", ".join(COUNT_COLUMNS)}
            }
        )
    year_column = _column(header, YEAR_COLUMNS)
    source_column = _column(header, SOURCE_COLUMNS)
    areas = dict(Area.objects.neighbourhoods().values_list("code", "pk"))
    result = ImportResult()
    rows: dict[tuple[int, int], HouseholdCount] = {}
    for row in reader:
        code = (row.get(code_column) or "").strip()
        if not NEIGHBOURHOOD_CODE.match(code):
            result.skipped_levels += 1
            continue
        if code not in areas:
            result.unknown.append(code)
            continue
        raw = (row.get(count_column) or "").strip().replace(" ", "")
        if not raw.isdigit():
            result.empty.append(code)
            continue
        row_year = _year_of(row.get(year_column) if year_column else None, year)
        if row_year is None:
            raise ValidationError({"file": _("Give the year of the figures (--year).")})
        row_source = (row.get(source_column) or "").strip() if source_column else ""
        rows[(areas[code], row_year)] = HouseholdCount(
            area_id=areas[code],
            year=row_year,
            households=int(raw),
            source=(row_source or source)[:200],
        )
    with transaction.atomic():
        for (area_id, row_year), item in rows.items():
            HouseholdCount.objects.update_or_create(
                area_id=area_id,
                year=row_year,
                defaults={"households": item.households, "source": item.source},
            )
    result.imported = len(rows)
    return result
