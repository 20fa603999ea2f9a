"""Review by the district's team: only they ask, tick and decide; a decision checks its
input (reason, amounts per line, partners) and the district's budget; organisers and
backers are mailed, nobody else."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from maps.partners.models import Partner
from participatie.initiatives import services
from participatie.initiatives.models import (
    ChecklistItem,
    Decision,
    DistrictAllocation,
    Initiative,
    PartnerContribution,
)
from participatie.initiatives.selectors import budget_overview, checklist_of
from tests.participatie.factories import AdminFactory, StaffFactory
from tests.participatie.initiatives.factories import (
    back,
    budget,
    neighbourhood,
    other_district_neighbourhood,
    reached,
    resident_of,
    team_of,
)
from tests.participatie.initiatives.test_backing import codes


@pytest.fixture
def hood(db):
    return neighbourhood(0)


@pytest.fixture
def initiative(resident, hood):
    return reached(resident, hood)


@pytest.fixture
def team(hood):
    return team_of(hood)


@pytest.fixture
def allocation(initiative, hood):
    return budget(hood.parent, 500000, initiative.year, is_priority=True)


def lines(initiative):
    return list(initiative.budget_lines.order_by("position"))


def test_only_the_districts_team_decides(initiative, hood, resident, allocation):
    outsiders = [
        StaffFactory(districts=[other_district_neighbourhood(hood).parent.code]),
        AdminFactory(),
        resident,  # the organiser
        resident_of(hood),
    ]
    for person in outsiders:
        with pytest.raises(PermissionDenied):
            services.initiative_decide(initiative=initiative, by=person, outcome="granted")
        with pytest.raises(PermissionDenied):
            services.checklist_tick(
                initiative=initiative,
                item=ChecklistItem.objects.create(programme=initiative.programme, text="x"),
                by=person,
            )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REVIEW
    allocation.refresh_from_db()
    assert allocation.granted_cents == 0


def test_a_full_grant_draws_the_total_from_the_districts_allocation(
    initiative, team, allocation, hood
):
    partner = Partner.objects.order_by("pk").first()
    decision = services.initiative_decide(
        initiative=initiative,
        by=team,
        outcome="granted",
        contributions=[
            {"partner": partner, "kind": "money", "amount_cents": 80000},
            {"partner": partner.slug, "kind": "people", "description": "Twee opbouwwerkers"},
        ],
    )
    assert decision.granted_cents == 60000 + 20000
    assert [line.granted_cents for line in lines(initiative)] == [60000, 20000]
    allocation.refresh_from_db()
    assert allocation.granted_cents == 80000
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.GRANTED and initiative.decided_at
    assert PartnerContribution.objects.filter(decision=decision).count() == 2
    (row,) = budget_overview(year=initiative.year)
    assert (row.district_code, row.allocated_cents, row.granted_cents, row.remaining_cents) == (
        hood.parent.code,
        500000,
        80000,
        420000,
    )
    assert row.is_priority and row.spent_cents == 0


def test_a_partial_grant_needs_a_reason_and_amounts_within_each_line(initiative, team, allocation):
    first, second = lines(initiative)
    bad = [
        ({"granted": {first.pk: 30000}}, {"reason": ["required"]}),
        (
            {"reason": "Minder bakken", "granted": {first.pk: 60001}},
            {"granted": ["out_of_range"]},
        ),
        ({"reason": "r", "granted": {first.pk: -1}}, {"granted": ["out_of_range"]}),
        ({"reason": "r", "granted": {999999: 10}}, {"granted": ["unknown_line"]}),
        ({"reason": "r", "granted": {first.pk: "veel"}}, {"granted": ["invalid_amount"]}),
        ({"reason": "r", "granted": "alles"}, {"granted": ["required"]}),
        (
            {"reason": "r", "granted": {first.pk: 60000, second.pk: 20000}},
            {"granted": ["full"]},
        ),
        (
            {"reason": "r", "granted": {first.pk: 1}, "contributions": [{"kind": "money"}]},
            {"contributions": ["invalid_partner", "amount_required"]},
        ),
        (
            {"reason": "r", "granted": {first.pk: 1}, "contributions": [{"partner": "x"}]},
            {"contributions": ["invalid_partner", "invalid_kind"]},
        ),
    ]
    for kwargs, expected in bad:
        with pytest.raises(ValidationError) as caught:
            services.initiative_decide(
                initiative=initiative, by=team, outcome="partly_granted", **kwargs
            )
        assert codes(caught.value) == expected, kwargs
    with pytest.raises(ValidationError) as caught:
        services.initiative_decide(initiative=initiative, by=team, outcome="yes")
    assert codes(caught.value) == {"outcome": ["invalid_choice"]}
    with pytest.raises(ValidationError) as caught:
        services.initiative_decide(initiative=initiative, by=team, outcome="declined")
    assert codes(caught.value) == {"reason": ["required"]}
    allocation.refresh_from_db()
    assert allocation.granted_cents == 0

    decision = services.initiative_decide(
        initiative=initiative,
        by=team,
        outcome="partly_granted",
        reason="De bakken betaalt Actium; zaden zijn voor jullie rekening.",
        granted={str(first.pk): 45000},
    )
    assert decision.granted_cents == 45000
    assert [line.granted_cents for line in lines(initiative)] == [45000, 0]
    allocation.refresh_from_db()
    assert allocation.granted_cents == 45000
    with pytest.raises(ValidationError) as caught:  # decided once
        services.initiative_decide(initiative=initiative, by=team, outcome="declined", reason="r")
    assert codes(caught.value) == {"status": ["status"]}


def test_a_grant_beyond_what_is_left_is_refused_with_the_amount_left(initiative, team, hood):
    allocation = budget(hood.parent, 50000, initiative.year)
    DistrictAllocation.objects.filter(pk=allocation.pk).update(granted_cents=1000)
    with pytest.raises(ValidationError) as caught:
        services.initiative_decide(initiative=initiative, by=team, outcome="granted")
    assert codes(caught.value) == {"granted": ["over_budget"]}
    assert "490,00" in caught.value.messages[0]
    allocation.refresh_from_db()
    assert allocation.granted_cents == 1000
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REVIEW


def test_a_grant_without_a_budget_for_the_district_is_refused(initiative, team):
    with pytest.raises(ValidationError) as caught:
        services.initiative_decide(initiative=initiative, by=team, outcome="granted")
    assert codes(caught.value) == {"granted": ["no_budget"]}


def test_granting_needs_the_threshold_but_declining_does_not(resident, hood, team):
    from decimal import Decimal

    from tests.participatie.initiatives.factories import programme, submitted

    programme(min_backers=5, min_backer_percent=Decimal("5"))
    initiative = submitted(resident, hood)
    budget(hood.parent, 500000, initiative.year)
    back(initiative, 1)
    with pytest.raises(ValidationError) as caught:
        services.initiative_decide(initiative=initiative, by=team, outcome="granted")
    assert codes(caught.value) == {"outcome": ["threshold_not_reached"]}
    services.initiative_decide(
        initiative=initiative, by=team, outcome="declined", reason="Past niet in het programma."
    )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.DECLINED


def test_the_decision_mails_organisers_and_backers_and_nobody_else(
    initiative, team, allocation, hood, resident, mailoutbox, django_capture_on_commit_callbacks
):
    backers = list(initiative.backings.select_related("resident"))
    objector = back(initiative, 1, response="object")[0]
    bystander = resident_of(hood)  # noqa: F841 (lives there, did not respond)
    # The team member works in English; the mails go out in the site's language (Dutch).
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.initiative_decide(initiative=initiative, by=team, outcome="granted")
    to = sorted(message.to[0] for message in mailoutbox)
    assert to == sorted([resident.email, *(b.resident.email for b in backers)])
    assert objector.email not in to and team.email not in to
    organiser_mail = next(m for m in mailoutbox if m.to == [resident.email])
    assert "800,00" in organiser_mail.body
    with translation.override("nl"):
        granted = str(Decision.Outcome.GRANTED.label)
    assert organiser_mail.subject == f"Besluit over je initiatief “{initiative.title}”: {granted}"


def test_questions_go_to_the_organisers_and_answers_stay_in_the_thread(
    initiative, team, resident, hood, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_ask(
            initiative=initiative, by=team, text="Wie beheert de moestuin na de zomer?"
        )
    assert question.from_team
    assert [m.to for m in mailoutbox] == [[resident.email]]
    assert "Wie beheert de moestuin" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.question_ask(initiative=initiative, by=resident, text="De bewoners.")
    assert not answer.from_team and len(mailoutbox) == 1
    with pytest.raises(PermissionDenied):
        services.question_ask(initiative=initiative, by=resident_of(hood), text="Ik ook?")
    with pytest.raises(ValidationError) as caught:
        services.question_ask(initiative=initiative, by=team, text="   ")
    assert codes(caught.value) == {"text": ["blank"]}


def test_the_checklist_is_ticked_per_initiative(initiative, team):
    first = ChecklistItem.objects.create(programme=initiative.programme, text="Veilig", position=1)
    second = ChecklistItem.objects.create(
        programme=initiative.programme, text="Draagvlak", position=2
    )
    services.checklist_tick(initiative=initiative, item=first, by=team)
    services.checklist_tick(initiative=initiative, item=first, by=team)  # idempotent
    assert checklist_of(initiative) == [(first, True), (second, False)]
    services.checklist_tick(initiative=initiative, item=first, by=team, ticked=False)
    assert checklist_of(initiative) == [(first, False), (second, False)]


def test_an_initiative_asking_only_people_is_granted_without_money(resident, hood, team):
    initiative = reached(resident, hood, budget_lines=[])
    decision = services.initiative_decide(
        initiative=initiative,
        by=team,
        outcome="partly_granted",
        reason="Twee van de vier vrijwilligers via Vaart Welzijn.",
        contributions=[{"partner": Partner.objects.order_by("pk").first(), "kind": "people"}],
    )
    assert decision.granted_cents == 0 and decision.allocation is None
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PARTLY_GRANTED
