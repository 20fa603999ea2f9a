"""The CSV export, written for a Dutch spreadsheet: streamed row by row from a server-side
cursor, so 100,000 pins never sit in memory at once.

Choices (the file is opened by double-clicking it in Excel with Dutch regional settings):
- UTF-8 with a byte-order mark, or Excel reads é and ë as two odd characters;
- `;` between fields and a decimal comma in numbers (6,562500), as Excel expects where
  the comma is the decimal separator; CRLF line ends; dates as YYYY-MM-DD HH:MM, local time;
- a text that starts with = + - @ (or a tab or carriage return) gets a leading apostrophe,
  so a title written by a resident can never run as a spreadsheet formula.
Machines read the GeoJSON export instead (plain numbers, ISO dates, codes).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.triage.exports.columns import CSV_COLUMNS, csv_rows

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def text_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def when_cell(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def number_cell(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".replace(".", ",")


def cells(row: tuple) -> list[str]:
    (pk, created, kind, category, status, title, description, neighbourhood, district,
     partner, assignee, due, overdue, answered, lon, lat, supports, comments,
     url) = row  # fmt: skip
    return [
        str(pk), when_cell(created), text_cell(kind), text_cell(category), text_cell(status),
        text_cell(title), text_cell(description), text_cell(neighbourhood), text_cell(district),
        text_cell(partner), text_cell(assignee), when_cell(due), _("yes") if overdue else _("no"),
        when_cell(answered), number_cell(lon), number_cell(lat), str(supports), str(comments),
        url,
    ]  # fmt: skip


def csv_stream(pins: QuerySet) -> Iterator[str]:
    """The CSV text in pieces of CHUNK rows, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(csv_rows(pins).iterator(chunk_size=CHUNK), start=1):
        writer.writerow(cells(row))
        if count % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
