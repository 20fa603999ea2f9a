"""Proposing an initiative: the draft with its asks, co-organisers, submission (which fixes
the area, its households and the backers needed), opening backing, withdrawal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maps.areas import areas_for, inside_municipality
from maps.models import Area, Centre
from participatie.initiatives import households as household_estimates
from participatie.initiatives.models import (
    BudgetLine,
    CoOrganiser,
    Initiative,
    MeansRequest,
    Programme,
    VolunteerRole,
)
from participatie.initiatives.services._common import (
    Errors,
    fail,
    location_clean,
    locked,
    organiser_check,
    participant_check,
    review_check,
    status_check,
    text_clean,
)
from participatie.initiatives.threshold import backers_needed
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


def programme_default() -> Programme:
    """The programme new initiatives belong to (made on first use, with the defaults)."""
    from django.conf import settings

    programme = Programme.objects.filter(is_default=True).first()
    if programme is None:
        programme, _created = Programme.objects.get_or_create(
            slug="buurtinitiatieven",
            defaults={"name": settings.SITE_NAME, "is_default": True},
        )
    return programme


# --- input checks ---------------------------------------------------------------------


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


def _clean(data: dict, *, partial: bool) -> dict:
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


def _consistency_check(initiative: Initiative, neighbourhoods) -> None:
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


def _asks_save(initiative: Initiative, clean: dict) -> None:
    """Replace the asks that were given (a draft's lists are edited as a whole)."""
    if clean.get("budget_lines") is not None:
        initiative.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(initiative=initiative, position=i, **line)
            for i, line in enumerate(clean["budget_lines"])
        )
    if clean.get("volunteer_roles") is not None:
        initiative.volunteer_roles.all().delete()
        VolunteerRole.objects.bulk_create(
            VolunteerRole(initiative=initiative, position=i, **role)
            for i, role in enumerate(clean["volunteer_roles"])
        )
    if clean.get("means") is not None:
        initiative.means.all().delete()
        MeansRequest.objects.bulk_create(
            MeansRequest(initiative=initiative, position=i, **item)
            for i, item in enumerate(clean["means"])
        )


def _apply(initiative: Initiative, clean: dict) -> None:
    for name in (
        "title",
        "description",
        "kind",
        "geom",
        "area_geom",
        "starts_on",
        "ends_on",
        "from_pin",
        "backing_area",
        "backing_radius_m",
    ):
        if name in clean:
            setattr(initiative, name, clean[name])
    if "geom" in clean:
        initiative.neighbourhood, initiative.district = areas_for(initiative.geom)


def initiative_create(*, organiser, programme: Programme | None = None, **data) -> Initiative:
    """A new draft by a verified resident. Fields (all checked at once, errors keyed by
    these names): title, description, kind (Initiative.Kind), location (a Point, WGS84,
    inside the municipality), area (optional Polygon: valid, not crossing itself, inside the
    municipality, containing the spot), starts_on/ends_on (dates or ISO strings),
    from_pin (a Pin or its public id: a public idea), backing_area (Initiative.BackingArea,
    default neighbourhoods), backing_radius_m (radius mode, 10–2000), backing_neighbourhoods
    (neighbourhoods mode: Areas or CBS codes; default the spot's neighbourhood),
    budget_lines [{description, amount_cents}], volunteer_roles [{name, count_needed}],
    means [{description, centre (Centre or id, optional)}].

    Raises PermissionDenied (not a verified resident) or ValidationError by field."""
    participant_check(organiser)
    clean = _clean(data, partial=False)
    initiative = Initiative(organiser=organiser, programme=programme or programme_default())
    _apply(initiative, clean)
    neighbourhoods = clean.get("backing_neighbourhoods")
    if not neighbourhoods and initiative.neighbourhood is not None:
        neighbourhoods = [initiative.neighbourhood]
    _consistency_check(initiative, neighbourhoods)
    with transaction.atomic():
        initiative.save()
        initiative.backing_neighbourhoods.set(neighbourhoods or [])
        _asks_save(initiative, clean)
    return initiative


def initiative_update(*, initiative: Initiative, by, **data) -> Initiative:
    """Change a draft (only the given fields; the same names and checks as
    initiative_create). Organisers only, drafts only."""
    organiser_check(by, initiative)
    clean = _clean(data, partial=True)
    with transaction.atomic():
        initiative = locked(initiative)
        status_check(
            initiative,
            (Initiative.Status.DRAFT,),
            _("Only a draft can be changed; this initiative is %(status)s."),
            "not_a_draft",
        )
        _apply(initiative, clean)
        neighbourhoods = clean.get("backing_neighbourhoods")
        _consistency_check(
            initiative,
            neighbourhoods
            if neighbourhoods is not None
            else list(initiative.backing_neighbourhoods.all()),
        )
        initiative.save()
        if neighbourhoods is not None:
            initiative.backing_neighbourhoods.set(neighbourhoods)
        _asks_save(initiative, clean)
    return initiative


def area_estimate(initiative: Initiative) -> household_estimates.Estimate:
    """The neighbourhoods concerned and their households, by the backing area mode."""
    mode = initiative.backing_area
    if mode == Initiative.BackingArea.RADIUS:
        return household_estimates.shape_estimate(
            household_estimates.circle(initiative.geom, initiative.backing_radius_m)
        )
    if mode == Initiative.BackingArea.DRAWN:
        return household_estimates.shape_estimate(initiative.area_geom)
    return household_estimates.neighbourhoods_estimate(
        initiative.backing_neighbourhoods.values_list("pk", flat=True)
    )


def initiative_submit(*, initiative: Initiative, by) -> Initiative:
    """Submit a draft: fixes the neighbourhoods concerned, the households in the area, the
    backers needed and the year; backing opens at once unless the programme screens first
    (status SUBMITTED, then initiative_open_backing). Needs a district (the spot inside a
    neighbourhood) and at least one ask. Organisers only."""
    organiser_check(by, initiative)
    with transaction.atomic():
        initiative = locked(initiative)
        status_check(
            initiative,
            (Initiative.Status.DRAFT,),
            _("Only a draft can be submitted; this initiative is %(status)s."),
            "not_a_draft",
        )
        errors = Errors()
        if initiative.district_id is None:
            errors.add("location", _("The spot lies outside every district."), "no_district")
        if not (
            initiative.budget_lines.exists()
            or initiative.volunteer_roles.exists()
            or initiative.means.exists()
        ):
            errors.add(
                "budget_lines",
                _("Ask for something: money, people or means."),
                "nothing_asked",
            )
        if initiative.area_geom is not None and not inside_municipality(initiative.area_geom):
            errors.add(
                "area", _("The area lies partly outside the municipality."), "outside_municipality"
            )
        errors.raise_if_any()
        estimate = area_estimate(initiative)
        if not estimate.neighbourhood_ids:
            fail("backing_area", _("No neighbourhood lies in this area."), "no_neighbourhoods")
        programme = initiative.programme
        now = timezone.now()
        initiative.backing_neighbourhoods.set(estimate.neighbourhood_ids)
        initiative.households = estimate.households
        initiative.backers_needed = backers_needed(
            households=estimate.households,
            percent=programme.min_backer_percent,
            floor=programme.min_backers,
        )
        initiative.submitted_at = now
        initiative.year = timezone.localdate(now).year
        initiative.status = (
            Initiative.Status.SUBMITTED
            if programme.screen_before_backing
            else Initiative.Status.BACKING
        )
        initiative.save()
    return initiative


def initiative_open_backing(*, initiative: Initiative, by) -> Initiative:
    """Open backing of a submitted initiative (programmes that screen first): the district's
    team."""
    review_check(by, initiative)
    with transaction.atomic():
        initiative = locked(initiative)
        status_check(
            initiative,
            (Initiative.Status.SUBMITTED,),
            _("Backing opens only for a submitted initiative; this one is %(status)s."),
        )
        initiative.status = Initiative.Status.BACKING
        initiative.save(update_fields=["status", "updated_at"])
    return initiative


def initiative_withdraw(*, initiative: Initiative, by) -> Initiative:
    """The organisers withdraw their initiative, until it is decided."""
    organiser_check(by, initiative)
    with transaction.atomic():
        initiative = locked(initiative)
        status_check(
            initiative,
            OPEN_STATUSES,
            _("A decided or withdrawn initiative cannot be withdrawn; it is %(status)s."),
        )
        initiative.status = Initiative.Status.WITHDRAWN
        initiative.save(update_fields=["status", "updated_at"])
    return initiative


def co_organiser_add(*, initiative: Initiative, by, user) -> CoOrganiser:
    """The organiser adds a verified resident as co-organiser (until it is decided)."""
    if by is None or initiative.organiser_id != getattr(by, "pk", None):
        organiser_check(None, initiative)
    if user is None or not getattr(user, "can_participate", False):
        fail("user", _("A co-organiser needs a confirmed account."), "not_a_participant")
    if user.pk == initiative.organiser_id:
        fail("user", _("You organise this initiative already."), "is_organiser")
    status_check(initiative, OPEN_STATUSES, _("This initiative is %(status)s."))
    link, created = CoOrganiser.objects.get_or_create(initiative=initiative, user=user)
    if not created:
        fail("user", _("This person is a co-organiser already."), "already_co_organiser")
    return link


def co_organiser_remove(*, initiative: Initiative, by, user) -> None:
    """The organiser removes a co-organiser, or a co-organiser leaves."""
    if getattr(by, "pk", None) not in (initiative.organiser_id, getattr(user, "pk", None)):
        organiser_check(None, initiative)
    deleted, _rows = CoOrganiser.objects.filter(initiative=initiative, user=user).delete()
    if not deleted:
        fail("user", _("This person is not a co-organiser."), "not_co_organiser")
