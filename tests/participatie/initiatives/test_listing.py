"""Who sees which initiative, and the one filter of the listings: drafts only for their
organisers; unknown filter values are field errors, not an empty list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.initiatives.models import Initiative
from participatie.initiatives.selectors import initiative_by_public_id, initiative_list
from tests.participatie.initiatives.factories import (
    draft,
    neighbourhood,
    other_district_neighbourhood,
    resident_of,
    submitted,
)


def test_drafts_are_seen_by_their_organisers_only(resident, db):
    hood = neighbourhood(0)
    mine = draft(resident, hood)
    public = submitted(resident_of(hood), hood, kind=Initiative.Kind.MARKET)
    assert list(initiative_list()) == [public]
    assert set(initiative_list(user=resident)) == {mine, public}
    assert initiative_by_public_id(mine.public_id) is None
    assert initiative_by_public_id(mine.public_id, user=resident) == mine
    assert list(initiative_list(user=resident_of(hood))) == [public]


def test_the_filter_by_district_status_year_and_kind(resident, db):
    hood = neighbourhood(0)
    elsewhere = other_district_neighbourhood(hood)
    here = submitted(resident, hood, kind=Initiative.Kind.MARKET)
    there = submitted(resident, elsewhere, kind=Initiative.Kind.GARDEN)
    assert list(initiative_list(filters={"district": hood.parent.code})) == [here]
    assert list(initiative_list(filters={"kind": ["garden"]})) == [there]
    assert set(initiative_list(filters={"status": ["backing"], "year": here.year})) == {
        here,
        there,
    }
    assert list(initiative_list(filters={"year": here.year + 1})) == []
    for bad in ({"district": "WK999999"}, {"status": ["draft"]}, {"kind": ["x"]}, {"year": "abc"}):
        with pytest.raises(ValidationError) as caught:
            initiative_list(filters=bad)
        assert set(caught.value.message_dict) == set(bad)


def test_the_team_reviews_the_submitted_initiatives_of_its_districts_only(resident, db):
    from tests.participatie.initiatives.factories import team_of

    hood = neighbourhood(0)
    elsewhere = other_district_neighbourhood(hood)
    here = submitted(resident, hood)
    submitted(resident, elsewhere)
    draft(resident, hood)
    assert list(Initiative.objects.reviewed_by(team_of(hood))) == [here]
    assert not Initiative.objects.reviewed_by(resident).exists()
    assert list(Initiative.objects.public().within_area(hood.parent)) == [here]
    assert list(Initiative.objects.public().within_area(hood)) == [here]
