"""Proposing: every bad input is a ValidationError naming its field; an initiative may grow
out of a public idea pin; only the organisers change a draft, and only a draft."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import LineString, Point, Polygon
from django.core.exceptions import PermissionDenied, ValidationError

from maps.models import Centre
from participatie.initiatives import services
from participatie.initiatives.models import Initiative
from participatie.initiatives.services._input import FIELDS
from tests.participatie.factories import pin_create
from tests.participatie.initiatives.factories import (
    draft,
    neighbourhood,
    proposal_data,
    resident_of,
    team_of,
)
from tests.participatie.initiatives.test_backing import codes


@pytest.fixture
def hood(db):
    return neighbourhood(0)


def create_errors(resident, hood, **overrides) -> dict[str, list[str]]:
    before = Initiative.objects.count()
    with pytest.raises(ValidationError) as caught:
        draft(resident, hood, **overrides)
    assert Initiative.objects.count() == before
    return codes(caught.value)


def bowtie(spot: Point) -> Polygon:
    x, y, d = spot.x, spot.y, 0.002
    return Polygon(
        ((x - d, y - d), (x + d, y + d), (x + d, y - d), (x - d, y + d), (x - d, y - d)), srid=4326
    )


def test_a_draft_keeps_what_is_asked(resident, hood):
    centre = Centre.objects.order_by("pk").first()
    initiative = draft(
        resident,
        hood,
        means=[{"description": "Partytent"}, {"description": "Huiskamer", "centre": centre.pk}],
        starts_on="2027-05-01",
        ends_on="2027-05-02",
    )
    assert initiative.status == Initiative.Status.DRAFT
    assert initiative.neighbourhood == hood and initiative.district == hood.parent
    assert [(line.description, line.amount_cents) for line in initiative.budget_lines.all()] == [
        ("Plantenbakken", 60000),
        ("Zaden en aarde", 20000),
    ]
    assert [(m.description, m.centre) for m in initiative.means.all()] == [
        ("Partytent", None),
        ("Huiskamer", centre),
    ]
    assert list(initiative.backing_neighbourhoods.all()) == [hood]
    assert not Initiative.objects.public().filter(pk=initiative.pk).exists()
    assert Initiative.objects.visible_to(resident).filter(pk=initiative.pk).exists()


def test_every_bad_field_is_named(resident, hood):
    spot = hood.geom.point_on_surface
    assert create_errors(
        resident,
        hood,
        title=" ",
        description="",
        kind="party",
        location=Point(5.0, 51.0, srid=4326),
        starts_on="1 mei",
        budget_lines=[{"description": "Tent", "amount_cents": 0}],
        volunteer_roles=[{"name": "", "count_needed": 0}],
        means=[{"description": "Zaal", "centre": 999999}],
        backing_area="street",
        backing_radius_m=5,
        backing_neighbourhoods=["BU99999999"],
    ) == {
        "title": ["blank"],
        "description": ["blank"],
        "kind": ["invalid_choice"],
        "location": ["outside_municipality"],
        "starts_on": ["invalid_date"],
        "budget_lines": ["invalid_amount"],
        "volunteer_roles": ["blank", "invalid_count"],
        "means": ["invalid_centre"],
        "backing_area": ["invalid_choice"],
        "backing_radius_m": ["invalid_radius"],
        "backing_neighbourhoods": ["invalid_choice"],
    }
    assert create_errors(resident, hood, location=Point(spot.y, spot.x, srid=4326)) == {
        "location": ["swapped"]
    }
    assert create_errors(
        resident, hood, location=LineString(spot, Point(spot.x + 0.001, spot.y))
    ) == {"location": ["geometry_type"]}
    assert create_errors(resident, hood, location=None) == {"location": ["required"]}
    assert create_errors(resident, hood, area=bowtie(spot)) == {"area": ["self_intersecting"]}
    assert create_errors(resident, hood, budget_lines="veel geld") == {
        "budget_lines": ["not_a_list"]
    }
    assert create_errors(
        resident, hood, budget_lines=[{"description": "x", "amount_cents": 10**9}]
    ) == {"budget_lines": ["too_large"]}
    assert create_errors(resident, hood, starts_on="2027-05-02", ends_on="2027-05-01") == {
        "ends_on": ["ends_before_start"]
    }
    assert create_errors(resident, hood, backing_area="radius") == {
        "backing_radius_m": ["required"]
    }
    assert create_errors(resident, hood, backing_area="drawn") == {"area": ["required"]}
    far = hood.geom.point_on_surface
    elsewhere = neighbourhood(5).geom.point_on_surface
    square = Polygon.from_bbox((far.x - 0.0005, far.y - 0.0005, far.x + 0.0005, far.y + 0.0005))
    square.srid = 4326
    assert create_errors(resident, hood, location=elsewhere, area=square) == {
        "area": ["spot_outside_area"]
    }
    assert create_errors(resident, hood, colour="blue") == {"non_field_errors": ["unknown"]}
    assert create_errors(resident, hood, title="x" * 121) == {"title": ["max_length"]}


def test_an_unverified_resident_cannot_propose(hood):
    with pytest.raises(PermissionDenied):
        draft(resident_of(hood, verified=False), hood)


def test_an_initiative_grows_out_of_a_public_idea(resident, hood):
    idea = pin_create(resident, kind="idea", category=_idea_category(), title="Moestuin?")
    initiative = draft(resident, hood, from_pin=idea.public_id)
    assert initiative.from_pin == idea
    assert list(idea.initiatives.all()) == [initiative]
    complaint = pin_create(resident)
    assert create_errors(resident, hood, from_pin=complaint) == {"from_pin": ["not_an_idea"]}
    assert create_errors(resident, hood, from_pin="nietbestaand") == {"from_pin": ["invalid_pin"]}


def _idea_category():
    from participatie.pins.models import Category

    return next(
        c for c in Category.objects.filter(is_active=True, is_sensitive=False) if c.allows("idea")
    )


def test_only_organisers_change_a_draft_and_only_a_draft(resident, hood):
    initiative = draft(resident, hood)
    co = resident_of(hood)
    for stranger in (resident_of(hood), team_of(hood), co):
        with pytest.raises(PermissionDenied):
            services.initiative_update(initiative=initiative, by=stranger, title="Overgenomen")
    services.co_organiser_add(initiative=initiative, by=resident, user=co)
    with pytest.raises(ValidationError) as caught:
        services.co_organiser_add(initiative=initiative, by=resident, user=co)
    assert codes(caught.value) == {"user": ["already_co_organiser"]}
    services.initiative_update(
        initiative=initiative,
        by=co,
        title="Buurtmoestuin",
        budget_lines=[{"description": "Schuurtje", "amount_cents": 150000}],
    )
    initiative.refresh_from_db()
    assert initiative.title == "Buurtmoestuin"
    assert [line.amount_cents for line in initiative.budget_lines.all()] == [150000]
    assert initiative.volunteer_roles.count() == 1  # not given: unchanged
    with pytest.raises(ValidationError) as caught:
        services.initiative_update(initiative=initiative, by=resident, kind="")
    assert codes(caught.value) == {"kind": ["invalid_choice"]}
    services.initiative_submit(initiative=initiative, by=resident)
    with pytest.raises(ValidationError) as caught:
        services.initiative_update(initiative=initiative, by=resident, title="Later")
    assert codes(caught.value) == {"status": ["not_a_draft"]}
    with pytest.raises(ValidationError) as caught:
        services.initiative_submit(initiative=initiative, by=resident)
    assert codes(caught.value) == {"status": ["not_a_draft"]}


def test_submitting_needs_something_asked(resident, hood):
    initiative = draft(resident, hood, budget_lines=[], volunteer_roles=[])
    with pytest.raises(ValidationError) as caught:
        services.initiative_submit(initiative=initiative, by=resident)
    assert codes(caught.value) == {"budget_lines": ["nothing_asked"]}
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.DRAFT and initiative.year is None


def test_a_screening_programme_waits_for_the_team(resident, hood):
    from tests.participatie.initiatives.factories import programme

    programme(screen_before_backing=True)
    initiative = draft(resident, hood)
    initiative = services.initiative_submit(initiative=initiative, by=resident)
    assert initiative.status == Initiative.Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.initiative_open_backing(initiative=initiative, by=resident)
    initiative = services.initiative_open_backing(initiative=initiative, by=team_of(hood))
    assert initiative.status == Initiative.Status.BACKING


def test_the_organisers_withdraw_until_the_decision(resident, hood):
    initiative = draft(resident, hood)
    with pytest.raises(PermissionDenied):
        services.initiative_withdraw(initiative=initiative, by=resident_of(hood))
    initiative = services.initiative_withdraw(initiative=initiative, by=resident)
    assert initiative.status == Initiative.Status.WITHDRAWN
    with pytest.raises(ValidationError) as caught:
        services.initiative_withdraw(initiative=initiative, by=resident)
    assert codes(caught.value) == {"status": ["status"]}


def test_proposal_data_is_complete(hood):
    assert set(proposal_data(hood)) <= set(FIELDS)


def test_co_organisers_join_with_the_organisers_invitation(resident, hood, settings):
    initiative = draft(resident, hood)
    other = draft(resident, hood, title="Tweede plan")
    with pytest.raises(PermissionDenied):
        services.co_organiser_invite(initiative=initiative, by=resident_of(hood))
    token = services.co_organiser_invite(initiative=initiative, by=resident)
    helper = resident_of(hood)
    for bad_token, code in (("", "invalid"), (token + "x", "invalid")):
        with pytest.raises(ValidationError) as caught:
            services.co_organiser_join(initiative=initiative, user=helper, token=bad_token)
        assert codes(caught.value) == {"token": [code]}
    with pytest.raises(ValidationError) as caught:
        services.co_organiser_join(initiative=other, user=helper, token=token)
    assert codes(caught.value) == {"token": ["invalid"]}
    with pytest.raises(PermissionDenied):
        services.co_organiser_join(
            initiative=initiative, user=resident_of(hood, verified=False), token=token
        )
    link = services.co_organiser_join(initiative=initiative, user=helper, token=token)
    assert link.joined_at is not None
    assert list(initiative.co_organisers.all()) == [helper]
    with pytest.raises(ValidationError) as caught:
        services.co_organiser_join(initiative=initiative, user=helper, token=token)
    assert codes(caught.value) == {"user": ["already_co_organiser"]}
    services.co_organiser_remove(initiative=initiative, by=helper, user=helper)  # leaves
    assert not initiative.co_organisers.exists()


def test_an_old_invitation_has_expired(resident, hood):
    import time

    from django.core import signing

    from participatie.initiatives.services import proposals

    class SignedLongAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - (proposals.INVITE_DAYS + 1) * 86400)

    initiative = draft(resident, hood)
    token = SignedLongAgo(salt=proposals.INVITE_SALT).sign_object(
        {"initiative": initiative.public_id}, compress=True
    )
    with pytest.raises(ValidationError) as caught:
        services.co_organiser_join(initiative=initiative, user=resident_of(hood), token=token)
    assert codes(caught.value) == {"token": ["expired"]}


def test_moving_the_spot_moves_the_default_area_along(resident, hood):
    elsewhere = neighbourhood(3)
    initiative = draft(resident, hood)
    services.initiative_update(
        initiative=initiative, by=resident, location=elsewhere.geom.point_on_surface
    )
    initiative.refresh_from_db()
    assert initiative.neighbourhood == elsewhere
    assert list(initiative.backing_neighbourhoods.all()) == [elsewhere]
    chosen = draft(resident, hood, backing_neighbourhoods=[hood.code, neighbourhood(1).code])
    services.initiative_update(
        initiative=chosen, by=resident, location=elsewhere.geom.point_on_surface
    )
    assert set(chosen.backing_neighbourhoods.all()) == {hood, neighbourhood(1)}  # chosen: kept
