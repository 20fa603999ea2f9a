"""The demo redesign vote that `make run` shows: open for voting, in a priority district,
after a planned work there, and the demo resident may vote."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from maps.demo import DEMO_NOTE
from participatie.accounts import demo as account_demo
from participatie.accounts.models import User
from participatie.voting import services
from participatie.voting.eligibility import resident_eligibility
from participatie.voting.models import Ballot, RedesignProject

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(tmp_path, monkeypatch):
    monkeypatch.setattr(account_demo, "_password_file", lambda: tmp_path / "demo-accounts.txt")
    monkeypatch.setattr(account_demo, "_totp_file", lambda: tmp_path / "demo-totp.txt")
    account_demo.demo_accounts_ensure()


@pytest.fixture
def demo_vote(demo_accounts, media_root):
    out = io.StringIO()
    call_command("load_demo_votes", stdout=out)
    project = RedesignProject.objects.get(is_demo=True)
    assert f"/herinrichting/{project.slug}/" in out.getvalue()
    return project


def test_the_demo_vote_is_open_in_a_priority_district_after_a_planned_work_there(demo_vote):
    project = demo_vote
    assert project.phase == "voting"
    assert project.district.is_priority
    assert project.district.geom.intersects(project.geom)
    work = project.planned_work
    assert work is not None and work.is_demo
    # The street follows the planned work (it is the redesign "after renovation").
    assert work.geom.buffer(1e-6).contains(project.geom)
    assert DEMO_NOTE in project.description
    assert project.created_by.username == "ontwerper"


def test_the_demo_resident_may_vote_and_a_vote_counts(demo_vote):
    resident = User.objects.get(username="bewoner")
    assert resident_eligibility(demo_vote, resident).ok
    option = demo_vote.options.order_by("order").first()
    services.vote_cast(project=demo_vote, option_ids=[option.pk], user=resident)
    assert list(Ballot.objects.filter(project=demo_vote).values_list("choices", flat=True)) == [
        [option.pk]
    ]


def test_each_demo_option_has_a_drawing_on_the_street_and_features_beside_it(demo_vote):
    options = list(demo_vote.options.order_by("order"))
    assert len(options) == 3
    assert len({o.title for o in options}) == 3
    street_50m = demo_vote.geom.transform(28992, clone=True).buffer(50)
    for option in options:
        assert DEMO_NOTE in option.description
        with option.overlay.open("rb") as f:
            drawing = Image.open(f)
            assert drawing.width > drawing.height > 0
        # The four corners lie within 50 m of the street, and span its length.
        corners = [Point(lon, lat, srid=4326) for lon, lat in option.overlay_corners]
        assert len(corners) == 4
        assert all(street_50m.contains(c.transform(28992, clone=True)) for c in corners)
        top_left, top_right = (c.transform(28992, clone=True) for c in corners[:2])
        street_rd = demo_vote.geom.transform(28992, clone=True)
        assert top_left.distance(top_right) == pytest.approx(
            street_rd.interpolate(0).distance(street_rd.interpolate(street_rd.length)), rel=0.01
        )
        # Features: several kinds, each near the street.
        assert len(option.features) == len(option.feature_kinds) > 5
        assert {"tree", "parking"} <= set(option.feature_kinds)
        for geom in option.features:
            assert street_50m.contains(geom.transform(28992, clone=True))
        assert option.images.count() == 1
        assert option.images.get().alt.startswith("Bovenaanzicht")


def test_loading_again_keeps_one_demo_vote_and_reopens_it_when_its_dates_ran_out(demo_vote):
    call_command("load_demo_votes", stdout=io.StringIO())
    assert RedesignProject.objects.filter(is_demo=True).count() == 1
    # Weeks later the demo's voting period is over; `make run` opens it again.
    past = timezone.now() - dt.timedelta(days=40)
    RedesignProject.objects.filter(pk=demo_vote.pk).update(
        voting_opens_at=past, voting_closes_at=past + dt.timedelta(days=21)
    )
    assert RedesignProject.objects.get(pk=demo_vote.pk).phase == "closed"
    call_command("load_demo_votes", stdout=io.StringIO())
    assert RedesignProject.objects.filter(is_demo=True).count() == 1
    assert RedesignProject.objects.get(pk=demo_vote.pk).phase == "voting"
