"""Backing: only verified residents of the area, once each, objections with a reason; the
threshold moves the initiative to review and tells the organisers, nobody else."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participatie.initiatives import services
from participatie.initiatives.models import Backing, HouseholdCount, Initiative
from participatie.initiatives.threshold import progress
from tests.participatie.factories import UserFactory
from tests.participatie.initiatives.factories import (
    back,
    draft,
    neighbourhood,
    other_district_neighbourhood,
    programme,
    resident_of,
    submitted,
)


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


@pytest.fixture
def hood(db):
    return neighbourhood(0)


@pytest.fixture
def initiative(resident, hood):
    programme(min_backers=3, min_backer_percent=Decimal("5"))
    HouseholdCount.objects.filter(area=hood).delete()
    return submitted(resident, hood)


def test_a_resident_of_the_area_backs_once(initiative, hood):
    neighbour = resident_of(hood)
    state = services.backing_create(initiative=initiative, resident=neighbour, response="back")
    assert (state.backs, state.objections, state.needed) == (1, 0, 3)
    with pytest.raises(ValidationError) as caught:
        services.backing_create(
            initiative=initiative, resident=neighbour, response="object", reason="toch niet"
        )
    assert codes(caught.value) == {"initiative": ["already_backed"]}
    assert Backing.objects.filter(initiative=initiative).count() == 1


def test_a_resident_outside_the_area_is_told_which_area_counts(initiative, hood):
    elsewhere = other_district_neighbourhood(hood)
    with pytest.raises(PermissionDenied) as caught:
        services.backing_create(
            initiative=initiative, resident=resident_of(elsewhere), response="back"
        )
    message = str(caught.value)
    assert hood.name in message and elsewhere.name in message
    assert not Backing.objects.exists()


@pytest.mark.parametrize(
    ("who", "dutch", "english"),
    [
        ("unverified", "Bevestig eerst je e-mailadres", "Confirm your e-mail"),
        ("homeless", "je woonbuurt in", "home neighbourhood"),
        ("anonymous", "Log in om dit initiatief te steunen", "Log in to back"),
    ],
)
def test_who_may_not_back_gets_a_reason(initiative, hood, who, dutch, english):
    """In the language of the request: the site's (Dutch) unless the visitor chose English."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    person = {
        "unverified": lambda: resident_of(hood, verified=False),
        "homeless": lambda: UserFactory(),
        "anonymous": AnonymousUser,
    }[who]()
    with pytest.raises(PermissionDenied, match=dutch):
        services.backing_create(initiative=initiative, resident=person, response="back")
    with translation.override("en"), pytest.raises(PermissionDenied, match=english):
        services.backing_create(initiative=initiative, resident=person, response="back")
    assert not Backing.objects.exists()


def test_an_objection_needs_a_reason_and_the_response_a_valid_choice(initiative, hood):
    neighbour = resident_of(hood)
    with pytest.raises(ValidationError) as caught:
        services.backing_create(initiative=initiative, resident=neighbour, response="object")
    assert codes(caught.value) == {"reason": ["required"]}
    with pytest.raises(ValidationError) as caught:
        services.backing_create(initiative=initiative, resident=neighbour, response="maybe")
    assert codes(caught.value) == {"response": ["invalid_choice"]}
    with pytest.raises(ValidationError) as caught:
        services.backing_create(
            initiative=initiative, resident=neighbour, response="object", reason="x" * 2001
        )
    assert codes(caught.value) == {"reason": ["max_length"]}
    assert not Backing.objects.exists()


def test_a_draft_cannot_be_backed(resident, hood):
    initiative = draft(resident, hood)
    with pytest.raises(ValidationError) as caught:
        services.backing_create(initiative=initiative, resident=resident_of(hood), response="back")
    assert codes(caught.value) == {"initiative": ["not_open"]}


def test_reaching_the_threshold_moves_to_review_and_mails_the_organisers_once(
    initiative, hood, resident, mailoutbox, django_capture_on_commit_callbacks
):
    co = resident_of(hood)
    services.co_organiser_add(initiative=initiative, by=resident, user=co)
    with django_capture_on_commit_callbacks(execute=True):
        back(initiative, 2)
        back(initiative, 1, response="object")
    assert mailoutbox == []
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.BACKING
    with django_capture_on_commit_callbacks(execute=True):
        back(initiative, 1)  # 3 backs, 1 objection: reached
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REVIEW
    assert initiative.threshold_reached_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted([resident.email, co.email])
    assert all(len(m.to) == 1 for m in mailoutbox)
    assert "Moestuin achter de flat" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        back(initiative, 2)  # still open in review, no second announcement
    assert len(mailoutbox) == 2
    assert progress(initiative).backs == 5


def test_a_majority_of_objections_holds_the_threshold_back(initiative, hood):
    back(initiative, 4, response="object")
    back(initiative, 3)
    initiative.refresh_from_db()
    state = progress(initiative)
    assert state.enough_backers and not state.has_majority and not state.reached
    assert initiative.status == Initiative.Status.BACKING


def test_volunteers_sign_up_once_and_not_beyond_the_count(initiative):
    role = initiative.volunteer_roles.get()
    assert role.count_needed == 4
    people = [UserFactory() for _ in range(5)]
    for person in people[:4]:
        services.volunteer_signup(role=role, resident=person)
    with pytest.raises(ValidationError) as caught:
        services.volunteer_signup(role=role, resident=people[0])
    assert codes(caught.value)["role"] in (["already_signed_up"], ["full"])
    with pytest.raises(ValidationError) as caught:
        services.volunteer_signup(role=role, resident=people[4])
    assert codes(caught.value) == {"role": ["full"]}
    services.volunteer_signup_cancel(role=role, resident=people[1])
    services.volunteer_signup(role=role, resident=people[4])
    assert role.signups.count() == 4


def test_a_response_locks_its_initiative_only_not_the_programme(initiative, hood):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.backing_create(initiative=initiative, resident=resident_of(hood), response="back")
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) == 1
    assert 'FOR UPDATE OF "initiatives_initiative"' in locking[0]
