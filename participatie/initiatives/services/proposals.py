"""Proposing an initiative: the draft with its asks, co-organisers, submission (which fixes
the area, its households and the backers needed), opening backing, withdrawal."""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maps.areas import areas_for, inside_municipality
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
    locked,
    organiser_check,
    participant_check,
    review_check,
    status_check,
)
from participatie.initiatives.services._input import (
    OPEN_STATUSES,
    consistency_check,
    proposal_clean,
)
from participatie.initiatives.threshold import backers_needed


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
    clean = proposal_clean(data, partial=False)
    initiative = Initiative(organiser=organiser, programme=programme or programme_default())
    _apply(initiative, clean)
    neighbourhoods = clean.get("backing_neighbourhoods")
    if not neighbourhoods and initiative.neighbourhood is not None:
        neighbourhoods = [initiative.neighbourhood]
    consistency_check(initiative, neighbourhoods)
    with transaction.atomic():
        initiative.save()
        initiative.backing_neighbourhoods.set(neighbourhoods or [])
        _asks_save(initiative, clean)
    return initiative


def initiative_update(*, initiative: Initiative, by, **data) -> Initiative:
    """Change a draft (only the given fields; the same names and checks as
    initiative_create). Organisers only, drafts only."""
    organiser_check(by, initiative)
    clean = proposal_clean(data, partial=True)
    with transaction.atomic():
        initiative = locked(initiative)
        status_check(
            initiative,
            (Initiative.Status.DRAFT,),
            _("Only a draft can be changed; this initiative is %(status)s."),
            "not_a_draft",
        )
        previous_hood = initiative.neighbourhood_id
        _apply(initiative, clean)
        neighbourhoods = clean.get("backing_neighbourhoods")
        current = list(initiative.backing_neighbourhoods.all())
        if (
            neighbourhoods is None
            and initiative.neighbourhood_id != previous_hood
            and [hood.pk for hood in current] in ([previous_hood], [])
        ):
            # The spot moved and the area was the default (the spot's neighbourhood).
            neighbourhoods = [initiative.neighbourhood] if initiative.neighbourhood else []
        consistency_check(initiative, neighbourhoods if neighbourhoods is not None else current)
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


INVITE_SALT = "initiatives.co-organiser-invite"
INVITE_DAYS = 30


def co_organiser_invite(*, initiative: Initiative, by) -> str:
    """A token for a link the organisers share with people who want to help organise; it
    is valid for INVITE_DAYS days (signed with the site's key, nothing stored)."""
    organiser_check(by, initiative)
    return signing.dumps({"initiative": initiative.public_id}, salt=INVITE_SALT, compress=True)


def co_organiser_join(*, initiative: Initiative, user, token: str) -> CoOrganiser:
    """A verified resident joins as co-organiser with an invitation token of this
    initiative. ValidationError on `token` (unknown, expired, of another initiative) or
    `user`."""
    participant_check(user)
    try:
        data = signing.loads(str(token or ""), salt=INVITE_SALT, max_age=INVITE_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        fail("token", _("This invitation has expired: ask the organiser for a new one."), "expired")
    except signing.BadSignature:
        fail("token", _("This invitation is not valid."), "invalid")
    if not isinstance(data, dict) or data.get("initiative") != initiative.public_id:
        fail("token", _("This invitation is not valid."), "invalid")
    if user.pk == initiative.organiser_id:
        fail("user", _("You organise this initiative already."), "is_organiser")
    status_check(initiative, OPEN_STATUSES, _("This initiative is %(status)s."))
    link, created = CoOrganiser.objects.get_or_create(initiative=initiative, user=user)
    if not created:
        fail("user", _("You are a co-organiser already."), "already_co_organiser")
    return link
