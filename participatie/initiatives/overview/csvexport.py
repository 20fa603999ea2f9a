"""The yearly overview as CSV for a spreadsheet: one row per district and a total row;
semicolons and decimal commas (Dutch spreadsheet defaults), a BOM so Excel reads UTF-8, and
amounts in euros."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from participatie.initiatives.overview.figures import DistrictFigures, YearFigures

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def euro_cell(cents: int | None) -> str:
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100},{cents % 100:02d}"


def text_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def header() -> list[str]:
    return [
        _("year"),
        _("district code"),
        _("district"),
        _("priority district"),
        _("proposed"),
        _("granted"),
        _("realised"),
        _("granted (EUR)"),
        _("budget allocated (EUR)"),
        _("spent (EUR)"),
        _("budget remaining (EUR)"),
    ]


def _row(year: int, row: DistrictFigures, name: str, priority: str) -> list[str]:
    return [
        str(year),
        row.code,
        text_cell(name),
        priority,
        str(row.proposed),
        str(row.granted),
        str(row.realised),
        euro_cell(row.granted_cents),
        euro_cell(row.allocated_cents),
        euro_cell(row.spent_cents),
        euro_cell(row.remaining_cents),
    ]


def overview_csv(figures: YearFigures) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(header())
    for row in figures.districts:
        writer.writerow(_row(figures.year, row, row.name, _("yes") if row.is_priority else _("no")))
    writer.writerow(_row(figures.year, figures.total, _("Total"), ""))
    return BOM + buffer.getvalue()
