"""The columns of the exports, computed by PostgreSQL: labels in the active language,
names instead of ids, overdue, a point's longitude and latitude and the pin page's address.

Never the author: no name, e-mail address or account of whoever placed a pin appears in
an export (residents trust the partners with it, not every spreadsheet it ends up in).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    FloatField,
    Func,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf
from django.urls import reverse

from maps.geojson import Properties
from maps.selectors import choice_label
from participatie.pins.models import Pin
from participatie.pins.selectors import category_name_expression
from participatie.triage.exports.selection import overdue_q

# CSV header, in this order (stable names: people build spreadsheets on them).
CSV_COLUMNS = [
    "id", "created", "kind", "category", "status", "title", "description", "neighbourhood",
    "district", "partner", "assignee", "due", "overdue", "answered", "lon", "lat",
    "support_count", "comment_count", "url",
]  # fmt: skip


class X(Func):
    function = "ST_X"
    output_field = FloatField()


class Y(Func):
    function = "ST_Y"
    output_field = FloatField()


def assignee_name():
    return Coalesce(NullIf(F("assignee__display_name"), Value("")), F("assignee__username"))


def overdue_expression():
    return Case(
        When(overdue_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def page_url_expression():
    """settings.SITE_URL + the pin page's path, in SQL."""
    sentinel = "a" * 12
    url = settings.SITE_URL + reverse("pin-page", kwargs={"public_id": sentinel})
    before, after = url.split(sentinel)
    return Concat(Value(before), F("public_id"), Value(after), output_field=CharField())


def csv_rows(pins: QuerySet) -> QuerySet:
    """One tuple per pin, in CSV_COLUMNS order (datetimes and numbers still typed)."""
    spot = PointOnSurface("geom")  # a point stays itself; a line or area gets a point on it
    return pins.annotate(
        x_kind=choice_label("kind", Pin.Kind.choices),
        x_category=category_name_expression(),
        x_status=choice_label("status", Pin.Status.choices),
        x_assignee=assignee_name(),
        x_overdue=overdue_expression(),
        x_lon=X(spot),
        x_lat=Y(spot),
        x_url=page_url_expression(),
    ).values_list(
        "id", "created_at", "x_kind", "x_category", "x_status", "title", "description",
        "neighbourhood__name", "district__name", "partner__name", "x_assignee", "due_at",
        "x_overdue", "responded_at", "x_lon", "x_lat", "support_count", "comment_count",
        "x_url",
    )  # fmt: skip


def feature_properties() -> Properties:
    """The GeoJSON export's properties: codes for machines next to labels for people."""
    return {
        "kind": "kind",
        "kind_label": choice_label("kind", Pin.Kind.choices),
        "category": "category__slug",
        "category_name": category_name_expression(),
        "status": "status",
        "status_label": choice_label("status", Pin.Status.choices),
        "title": "title",
        "description": "description",
        "neighbourhood_code": "neighbourhood__code",
        "neighbourhood": "neighbourhood__name",
        "district_code": "district__code",
        "district": "district__name",
        "partner": "partner__slug",
        "partner_name": "partner__name",
        "assignee": assignee_name(),
        "due_at": "due_at",
        "overdue": overdue_expression(),
        "responded_at": "responded_at",
        "created_at": "created_at",
        "support_count": "support_count",
        "comment_count": "comment_count",
        "url": page_url_expression(),
    }
