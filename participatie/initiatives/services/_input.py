"""Checking what an organiser proposes: every field at once, each problem a field error
(the field names are initiative_create's keyword arguments)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.gis.geos import GEOSGeometry
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maps.models import Area, Centre
from participatie.initiatives import households as household_estimates
from participatie.initiatives.models import Initiative
from participatie.initiatives.services._common import Errors, location_clean, text_clean
from participatie.pins.models import Pin

TITLE_MAX = 120
DESCRIPTION_MAX = 5000
LINE_MAX = 200
MAX_LINES = 30
MAX_AMOUNT_CENTS = 10_000_000  # € 100,000 per line: anything more is a typing error
MAX_RADIUS_M = 2000
MAX_VOLUNTEERS = 500
MAX_AREA_M2 = 5_000_000  # a drawn area of at most 5 km²

# What the organisers may still change, by status.
OPEN_STATUSES = (
    Initiative.Status.DRAFT,
    Initiative.Status.SUBMITTED,
    Initiative.Status.BACKING,
    Initiative.Status.REVIEW,
)
FIELDS = (
    "title",
    "description",
    "kind",
    "location",
    "area",
    "starts_on",
    "ends_on",
    "from_pin",
    "backing_area",
    "backing_radius_m",
    "backing_neighbourhoods",
    "budget_lines",
    "volunteer_roles",
    "means",
)


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number


def _date(errors: Errors, field: str, value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(field, _("Enter a date as YYYY-MM-DD."), "invalid_date")
        return None


def _area_clean(errors: Errors, geom) -> GEOSGeometry | None:
    """An optional drawn area: a valid, simple polygon inside the municipality."""
    if geom in (None, ""):
        return None
    if isinstance(geom, GEOSGeometry) and geom.geom_type != "Polygon":
        errors.add("area", _("Draw the area as one polygon."), "geometry_type")
        return None
    if (
        isinstance(geom, GEOSGeometry)
        and not geom.empty
        and not geom.valid
        and "Self-intersection" in geom.valid_reason
    ):
        errors.add(
            "area",
            _("The area crosses itself: draw it without crossing lines."),
            "self_intersecting",
        )
        return None
    before = len(errors)
    geom = location_clean(errors, geom, field="area")
    if geom is None or len(errors) > before:
        return None
    if geom.geom_type != "Polygon":
        errors.add("area", _("Draw the area as one polygon."), "geometry_type")
        return None
    if not geom.simple or not geom.valid:
        errors.add(
            "area",
            _("The area crosses itself: draw it without crossing lines."),
            "self_intersecting",
        )
        return None
    surface = geom.transform(household_estimates.RD_NEW, clone=True).area
    if surface < 1:
        errors.add("area", _("The area is too small."), "too_small")
        return None
    if surface > MAX_AREA_M2:
        errors.add(
            "area",
            _("The area is too large: at most %(km2)s km²."),
            "too_large",
            km2=MAX_AREA_M2 // 1_000_000,
        )
        return None
    return geom


def _items(errors: Errors, field: str, items) -> list[dict] | None:
    if items is None:
        return None
    if isinstance(items, (str, bytes, dict)) or not isinstance(items, Iterable):
        errors.add(field, _("Give a list."), "not_a_list")
        return None
    items = list(items)
    if len(items) > MAX_LINES:
        errors.add(field, _("At most %(max)d lines."), "too_many", max=MAX_LINES)
        return None
    if not all(isinstance(item, dict) for item in items):
        errors.add(field, _("Each line needs its fields."), "invalid")
        return None
    return items


def _budget_lines_clean(errors: Errors, items) -> list[dict] | None:
    items = _items(errors, "budget_lines", items)
    if items is None:
        return None
    lines = []
    for number, item in enumerate(items, start=1):
        description = text_clean(
            errors, "budget_lines", item.get("description"), max_length=LINE_MAX, required=True
        )
        amount = _int(item.get("amount_cents"))
        if amount is None or amount <= 0:
            errors.add(
                "budget_lines",
                _("Line %(line)d: give the amount in whole cents, more than 0."),
                "invalid_amount",
                line=number,
            )
        elif amount > MAX_AMOUNT_CENTS:
            errors.add(
                "budget_lines",
                _("Line %(line)d: at most € %(max)s per line."),
                "too_large",
                line=number,
                max=f"{MAX_AMOUNT_CENTS // 100:,}".replace(",", "."),
            )
        lines.append({"description": description, "amount_cents": amount})
    return lines


def _roles_clean(errors: Errors, items) -> list[dict] | None:
    items = _items(errors, "volunteer_roles", items)
    if items is None:
        return None
    roles = []
    for number, item in enumerate(items, start=1):
        name = text_clean(
            errors, "volunteer_roles", item.get("name"), max_length=120, required=True
        )
        count = _int(item.get("count_needed"))
        if count is None or not 1 <= count <= MAX_VOLUNTEERS:
            errors.add(
                "volunteer_roles",
                _("Role %(line)d: give the number of people needed, 1 to %(max)d."),
                "invalid_count",
                line=number,
                max=MAX_VOLUNTEERS,
            )
        roles.append({"name": name, "count_needed": count})
    return roles


def _means_clean(errors: Errors, items) -> list[dict] | None:
    items = _items(errors, "means", items)
    if items is None:
        return None
    means = []
    for number, item in enumerate(items, start=1):
        description = text_clean(
            errors, "means", item.get("description"), max_length=LINE_MAX, required=True
        )
        centre = item.get("centre")
        if centre not in (None, "") and not isinstance(centre, Centre):
            centre_id = _int(centre)
            centre = Centre.objects.filter(pk=centre_id).first() if centre_id else None
            if centre is None:
                errors.add(
                    "means",
                    _("Line %(line)d: choose one of the information centres."),
                    "invalid_centre",
                    line=number,
                )
        means.append({"description": description, "centre": centre or None})
    return means


def _neighbourhoods_clean(errors: Errors, values) -> list[Area] | None:
    if values is None:
        return None
    if isinstance(values, (str, bytes)):
        values = [values]
    codes, areas = [], []
    for value in values:
        if isinstance(value, Area):
            areas.append(value)
        else:
            codes.append(str(value).strip())
    found = {area.code: area for area in Area.objects.neighbourhoods().filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown or any(area.level != Area.Level.NEIGHBOURHOOD for area in areas):
        errors.add(
            "backing_neighbourhoods",
            _("Choose neighbourhoods of the municipality (unknown: %(codes)s)."),
            "invalid_choice",
            codes=", ".join(unknown) or "—",
        )
        return None
    return areas + list(found.values())


def _from_pin_clean(errors: Errors, pin) -> Pin | None:
    if pin in (None, ""):
        return None
    if not isinstance(pin, Pin):
        pin = Pin.objects.filter(public_id=str(pin).strip()).first()
    if pin is None or not Pin.objects.public().filter(pk=pin.pk).exists():
        errors.add("from_pin", _("This idea does not exist or is not public."), "invalid_pin")
        return None
    if pin.kind != Pin.Kind.IDEA:
        errors.add(
            "from_pin", _("An initiative grows out of an idea, not a complaint."), "not_an_idea"
        )
        return None
    return pin


def proposal_clean(data: dict, *, partial: bool) -> dict:
    """Every field checked, every problem collected, then one ValidationError."""
    errors = Errors()
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        errors.add(
            "non_field_errors", _("Unknown fields: %(names)s."), "unknown", names=", ".join(unknown)
        )
    clean: dict = {}

    def given(name: str) -> bool:
        return not partial or name in data

    if given("title"):
        clean["title"] = text_clean(
            errors, "title", data.get("title"), max_length=TITLE_MAX, required=True
        )
    if given("description"):
        clean["description"] = text_clean(
            errors,
            "description",
            data.get("description"),
            max_length=DESCRIPTION_MAX,
            required=True,
        )
    if given("kind"):
        kind = data.get("kind")
        if kind not in Initiative.Kind.values:
            errors.add("kind", _("Choose one of the kinds."), "invalid_choice")
        clean["kind"] = kind
    if given("location"):
        location = data.get("location")
        if isinstance(location, GEOSGeometry) and location.geom_type != "Point":
            errors.add("location", _("Give the location as a point."), "geometry_type")
        else:
            clean["geom"] = location_clean(errors, location, field="location")
    if given("area"):
        clean["area_geom"] = _area_clean(errors, data.get("area"))
    if given("starts_on"):
        clean["starts_on"] = _date(errors, "starts_on", data.get("starts_on"))
    if given("ends_on"):
        clean["ends_on"] = _date(errors, "ends_on", data.get("ends_on"))
    if given("from_pin"):
        clean["from_pin"] = _from_pin_clean(errors, data.get("from_pin"))
    if given("backing_area"):
        mode = data.get("backing_area") or Initiative.BackingArea.NEIGHBOURHOODS
        if mode not in Initiative.BackingArea.values:
            errors.add(
                "backing_area", _("Choose who counts as the residents concerned."), "invalid_choice"
            )
        clean["backing_area"] = mode
    if given("backing_radius_m"):
        radius = data.get("backing_radius_m")
        if radius in (None, ""):
            clean["backing_radius_m"] = None
        else:
            radius = _int(radius)
            if radius is None or not 10 <= radius <= MAX_RADIUS_M:
                errors.add(
                    "backing_radius_m",
                    _("Give the radius in whole metres, 10 to %(max)d."),
                    "invalid_radius",
                    max=MAX_RADIUS_M,
                )
            clean["backing_radius_m"] = radius
    if given("backing_neighbourhoods"):
        clean["backing_neighbourhoods"] = _neighbourhoods_clean(
            errors, data.get("backing_neighbourhoods")
        )
    if given("budget_lines"):
        clean["budget_lines"] = _budget_lines_clean(errors, data.get("budget_lines") or [])
    if given("volunteer_roles"):
        clean["volunteer_roles"] = _roles_clean(errors, data.get("volunteer_roles") or [])
    if given("means"):
        clean["means"] = _means_clean(errors, data.get("means") or [])
    errors.raise_if_any()
    return clean


def consistency_check(initiative: Initiative, neighbourhoods) -> None:
    """Checks across fields, on the initiative as it would be saved."""
    errors = Errors()
    if initiative.starts_on and initiative.ends_on and initiative.ends_on < initiative.starts_on:
        errors.add("ends_on", _("The end lies before the start."), "ends_before_start")
    if initiative.starts_on and initiative.starts_on < timezone.localdate() - dt.timedelta(
        days=366
    ):
        errors.add("starts_on", _("The start lies more than a year in the past."), "too_old")
    mode = initiative.backing_area
    if mode == Initiative.BackingArea.RADIUS and not initiative.backing_radius_m:
        errors.add("backing_radius_m", _("Give the radius around the spot."), "required")
    if mode == Initiative.BackingArea.DRAWN and initiative.area_geom is None:
        errors.add("area", _("Draw the area whose residents are concerned."), "required")
    if (
        initiative.area_geom is not None
        and initiative.geom is not None
        and not initiative.area_geom.intersects(initiative.geom)
    ):
        errors.add("area", _("The spot must lie inside the drawn area."), "spot_outside_area")
    if mode == Initiative.BackingArea.NEIGHBOURHOODS and neighbourhoods == []:
        errors.add("backing_neighbourhoods", _("Choose at least one neighbourhood."), "required")
    errors.raise_if_any()
