"""The backing threshold from first principles: a majority of the responses, and at least
a share of the households in the area (rounded up), never fewer than the floor. Households
of a radius or drawn area are estimated area-weighted over the neighbourhoods it overlaps;
the tests construct two square neighbourhoods so the overlaps are known exactly."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from participatie.initiatives.models import Initiative
from participatie.initiatives.threshold import Progress, backers_needed, progress
from tests.participatie.initiatives.factories import (
    back,
    households,
    neighbourhood,
    programme,
    rd_point,
    rd_polygon,
    resident_of,
    squares,
    submitted,
)


@pytest.mark.parametrize(
    ("households_", "percent", "floor", "expected"),
    [
        (620, "5", 10, 31),  # 31.00 exactly: not rounded up to 32
        (621, "5", 10, 32),  # 31.05 → 32
        (800, "5", 10, 40),
        (100, "5", 10, 10),  # 5 → the floor
        (None, "5", 10, 10),  # households unknown → the floor
        (0, "5", 3, 3),
        (333, "2.5", 0, 9),  # 8.325 → 9
        (1000, "0", 7, 7),
        (120, "100", 1, 120),
    ],
)
def test_backers_needed_is_the_share_rounded_up_and_never_below_the_floor(
    households_, percent, floor, expected
):
    assert backers_needed(households=households_, percent=Decimal(percent), floor=floor) == expected


@pytest.mark.parametrize(
    ("backs", "objections", "needed", "majority_required", "reached"),
    [
        (40, 39, 40, True, True),
        (40, 40, 40, True, False),  # a tie is no majority
        (39, 0, 40, True, False),  # one short
        (40, 45, 40, False, True),  # majority not required by this programme
        (0, 0, 0, True, False),  # nobody responded: no majority
    ],
)
def test_progress_needs_both_the_minimum_and_a_majority(
    backs, objections, needed, majority_required, reached
):
    state = Progress(
        backs=backs, objections=objections, needed=needed, majority_required=majority_required
    )
    assert state.reached is reached
    assert state.missing == max(0, needed - backs)


def test_neighbourhood_mode_sums_the_households_of_the_neighbourhoods(resident, db):
    first, second = neighbourhood(0), neighbourhood(1)
    households(first, 420)
    households(first, 999, year=2019)  # an older count is not used
    households(second, 380)
    programme(min_backer_percent=Decimal("5"), min_backers=10)
    initiative = submitted(resident, first, backing_neighbourhoods=[first.code, second.code])
    assert initiative.households == 800
    assert initiative.backers_needed == 40  # 5 % of 800
    assert initiative.year is not None and initiative.status == Initiative.Status.BACKING
    assert set(initiative.backing_neighbourhoods.values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_progress_counts_backs_and_objections_against_the_households(resident, db):
    hood = neighbourhood(0)
    households(hood, 620)
    programme(min_backer_percent=Decimal("5"), min_backers=10)
    initiative = submitted(resident, hood)
    assert initiative.backers_needed == 31
    back(initiative, 3)
    back(initiative, 2, response="object")
    state = progress(initiative)
    assert (state.backs, state.objections, state.needed) == (3, 2, 31)
    assert state.has_majority and not state.reached and state.missing == 28


def test_drawn_area_households_are_weighted_by_the_overlap(resident, db):
    a, b, (x, y) = squares(1000)
    households(a, 1000)
    households(b, 600)
    programme(min_backer_percent=Decimal("10"), min_backers=1)
    # Right half of A (500 × 1000 m of its 1000 × 1000) and the left quarter of B.
    area = rd_polygon(x - 500, y - 500, x + 250, y + 500)
    initiative = submitted(
        resident,
        a,
        location=rd_point(x - 100, y),
        area=area,
        backing_area=Initiative.BackingArea.DRAWN,
    )
    expected = 1000 * 0.5 + 600 * 0.25  # 650 households
    assert initiative.households == round(expected) == 650
    assert initiative.backers_needed == 65
    concerned = set(initiative.backing_neighbourhoods.values_list("pk", flat=True))
    assert {a.pk, b.pk} <= concerned


def test_radius_households_are_weighted_by_the_overlap_of_the_circle(resident, db):
    a, b, (x, y) = squares(1000)
    households(a, 2000)
    households(b, 800)
    programme(min_backer_percent=Decimal("5"), min_backers=1)
    # A circle of 200 m centred on the shared edge: half of it in each square.
    circle_share = math.pi * 200**2 / 1_000_000 / 2  # of each 1 km² square
    initiative = submitted(
        resident,
        a,
        location=rd_point(x, y),
        backing_area=Initiative.BackingArea.RADIUS,
        backing_radius_m=200,
    )
    expected = 2000 * circle_share + 800 * circle_share  # 175.9
    assert initiative.households == round(expected) == 176
    assert initiative.backers_needed == math.ceil(176 * 5 / 100) == 9


def test_a_circle_inside_one_neighbourhood_takes_only_its_share(resident, db):
    a, b, (x, y) = squares(1000)
    households(a, 1000)
    households(b, 5000)
    programme(min_backer_percent=Decimal("5"), min_backers=1)
    initiative = submitted(
        resident,
        a,
        location=rd_point(x - 500, y),
        backing_area=Initiative.BackingArea.RADIUS,
        backing_radius_m=300,
    )
    assert initiative.households == round(1000 * math.pi * 300**2 / 1_000_000) == 283
    assert b.pk not in set(initiative.backing_neighbourhoods.values_list("pk", flat=True))
    # A resident of B lives outside the area that counts.
    outsider = resident_of(b)
    from participatie.initiatives.eligibility import backing_eligibility

    verdict = backing_eligibility(initiative, outsider)
    assert not verdict.ok and "300 m" in verdict.reason and b.name in verdict.reason


def test_the_summary_reads_have_of_needed():
    from django.utils import translation

    state = Progress(backs=31, objections=2, needed=40, majority_required=True)
    with translation.override("en"):
        assert state.summary == "31 of 40 needed"
    with translation.override("nl"):
        assert state.summary == "31 van de 40 nodig"
