"""Under concurrency the database decides: 50 threads, each with its own connection,
released together by a barrier. One resident's 50 simultaneous backings leave one row;
two grants that each fit the district's budget but not both: exactly one succeeds. And an
update that would overspend is refused by the CHECK constraint, whatever the Python code."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from participatie.initiatives import services
from participatie.initiatives.models import Backing, Decision, DistrictAllocation, Initiative
from tests.participatie.initiatives.factories import (
    budget,
    neighbourhood,
    reached,
    resident_of,
    submitted,
    team_of,
)

THREADS = 50


def race(count: int, attempt: Callable[[int], object]) -> tuple[list, list[BaseException]]:
    barrier = threading.Barrier(count, timeout=60)
    outcomes: list = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcome = attempt(i)
            with lock:
                outcomes.append(outcome)
        except BaseException as exc:  # collected and asserted by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not [t for t in threads if t.is_alive()], "a thread hung"
    return outcomes, errors


def error_code(exc: BaseException) -> str:
    assert isinstance(exc, ValidationError), repr(exc)
    (errors,) = exc.error_dict.values()
    return errors[0].code


def test_fifty_simultaneous_backings_of_one_resident_leave_one(assen_db):
    from tests.participatie.initiatives.factories import programme

    programme(min_backers=10, min_backer_percent=Decimal("5"))
    hood = neighbourhood(0)
    initiative = submitted(resident_of(hood), hood)
    neighbour = resident_of(hood)

    outcomes, errors = race(
        THREADS,
        lambda i: services.backing_create(
            initiative=initiative, resident=neighbour, response="back"
        ),
    )
    assert len(outcomes) == 1, errors[:3]
    assert Counter(error_code(exc) for exc in errors) == {"already_backed": THREADS - 1}
    assert Backing.objects.filter(initiative=initiative).count() == 1

    # And 50 different residents at once: each counts once, and the threshold of 10 is
    # announced once (the row lock orders them).
    others = [resident_of(hood) for _ in range(THREADS)]
    outcomes, errors = race(
        THREADS,
        lambda i: services.backing_create(
            initiative=initiative, resident=others[i], response="back"
        ),
    )
    assert errors == [] and len(outcomes) == THREADS
    assert Backing.objects.filter(initiative=initiative).count() == THREADS + 1
    assert sorted(state.backs for state in outcomes) == list(range(2, THREADS + 2))
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REVIEW

    # 50 residents sign up at once for a role that needs 4 people: exactly 4 get in.
    role = initiative.volunteer_roles.get()
    assert role.count_needed == 4
    outcomes, errors = race(
        THREADS, lambda i: services.volunteer_signup(role=role, resident=others[i])
    )
    assert len(outcomes) == 4
    assert Counter(error_code(exc) for exc in errors) == {"full": THREADS - 4}
    assert role.signups.count() == 4


def test_two_grants_that_do_not_both_fit_never_overspend(assen_db):
    hood = neighbourhood(0)
    team = team_of(hood)
    first = reached(resident_of(hood), hood)
    second = reached(
        resident_of(hood),
        hood,
        budget_lines=[{"description": "Springkussen", "amount_cents": 70000}],
    )
    # € 1,000 left: 800 (first) and 700 (second) each fit, together they do not.
    allocation = budget(hood.parent, 100000, first.year)
    assert (
        first.budget_lines.count() == 2
        and sum(line.amount_cents for line in first.budget_lines.all()) == 80000
    )

    for _round in range(3):
        DistrictAllocation.objects.filter(pk=allocation.pk).update(granted_cents=0)
        Decision.objects.all().delete()
        Initiative.objects.filter(pk__in=[first.pk, second.pk]).update(
            status=Initiative.Status.REVIEW, decided_at=None
        )
        outcomes, errors = race(
            2,
            lambda i: services.initiative_decide(
                initiative=(first, second)[i], by=team, outcome="granted"
            ),
        )
        assert len(outcomes) == 1 and len(errors) == 1
        assert error_code(errors[0]) == "over_budget"
        allocation.refresh_from_db()
        assert allocation.granted_cents == outcomes[0].granted_cents in (80000, 70000)
        assert allocation.granted_cents <= allocation.amount_cents
        assert Decision.objects.count() == 1


def test_the_database_refuses_an_overspending_update(db):
    hood = neighbourhood(0)
    allocation = budget(hood.parent, 50000, 2026)
    with (
        pytest.raises(IntegrityError, match="allocation_never_overspent"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE initiatives_districtallocation SET granted_cents = amount_cents + 1 "
            "WHERE id = %s",
            [allocation.pk],
        )
    allocation.refresh_from_db()
    assert allocation.granted_cents == 0
