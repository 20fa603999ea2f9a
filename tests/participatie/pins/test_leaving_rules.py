"""What a resident's leaving does to the pins of everyone, counted from the scene itself.

`author_leave` runs before the account row goes (participatie/privacy/services.py): the
leaver's supports and reports are taken back with exact counters, their comments and pins
removed or kept without a name, their confidential signals kept for the buurtteam without
the person. Nothing of the other residents changes: their supports, reports, comments and
signals stay as they were. The account pages' own tests (tests/participatie/accounts/
test_export_delete.py) go through the form; these pin every count.
"""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import Point

from maps.models import Area
from participatie.pins import services
from participatie.pins.models import Comment, Pin, Report, Support
from participatie.pins.services import leaving
from participatie.pins.services.leaving import Departure
from tests.participatie.factories import (
    AdminFactory,
    UserFactory,
    category,
    pin_create,
    point_in,
    sensitive_category,
)
from tests.participatie.pins.test_tile_freshness import Tiles

pytestmark = pytest.mark.django_db

# Three neighbourhoods far enough apart to lie on different zoom-16 tiles.
HOODS = ("BU01060000", "BU01060303", "BU01060800")
QUIET = "BU01069901"


def spot(code: str) -> Point:
    return Area.objects.get(code=code).geom.point_on_surface


def count(pin, field: str) -> int:
    return Pin.objects.values_list(field, flat=True).get(pk=pin.pk)


@pytest.fixture(autouse=True)
def no_automatic_hiding(settings):
    settings.MODERATION_REPORT_THRESHOLD = 100


@pytest.fixture
def scene(db):
    """`me` supported, reported and commented on the pins of `other`, next to `third`."""
    me, other, third = UserFactory(), UserFactory(), UserFactory()
    admin = AdminFactory()
    mine = pin_create(me, title="Bankje bij de vijver", kind="idea", geom=spot(HOODS[0]))
    my_signal = pin_create(me, category=sensitive_category(), contact_consent=True)
    theirs = pin_create(other, title="Kapotte lantaarnpaal", geom=spot(HOODS[1]))
    second = pin_create(other, title="Scheve stoep", category=category(), geom=spot(HOODS[2]))
    their_signal = pin_create(other, category=sensitive_category(), contact_consent=True)

    for user in (me, third):
        services.support_add(pin=theirs, user=user)
        services.support_add(pin=second, user=user)
    services.support_add(pin=mine, user=third)

    # Two shown comments and a hidden one on `theirs`, one on `second`: the counters go down
    # by two and by one, and the hidden one was counted out when it was hidden.
    services.comment_create(pin=theirs, author=me, body="Hier ook last van.")
    services.comment_create(pin=theirs, author=me, body="Nog steeds kapot.")
    rude = services.comment_create(pin=theirs, author=me, body="Schande!")
    services.comment_hide(comment=rude, by=admin, reason="Toon")
    services.comment_create(pin=second, author=me, body="Klopt.")
    kept_comment = services.comment_create(pin=theirs, author=third, body="Van de buren")
    services.comment_create(pin=mine, author=third, body="Goed plan")

    for reporter in (me, third):
        services.report_create(reporter=reporter, reason="spam", pin=theirs)
        services.report_create(reporter=reporter, reason="offensive", comment=kept_comment)
    return {
        "me": me,
        "other": other,
        "third": third,
        "mine": mine,
        "my_signal": my_signal,
        "theirs": theirs,
        "second": second,
        "their_signal": their_signal,
        "kept_comment": kept_comment,
    }


def assert_the_others_keep_theirs(scene):
    theirs, second, third = scene["theirs"], scene["second"], scene["third"]
    assert count(theirs, "support_count") == 1
    assert count(second, "support_count") == 1
    assert set(Support.objects.filter(pin__in=[theirs, second]).values_list("user", flat=True)) == {
        third.pk
    }
    assert count(theirs, "report_count") == 1
    assert Comment.objects.get(pk=scene["kept_comment"].pk).report_count == 1
    assert set(Report.objects.values_list("reporter", flat=True)) == {third.pk}
    their_signal = Pin.objects.get(pk=scene["their_signal"].pk)
    assert (their_signal.author, their_signal.contact_consent) == (scene["other"], True)
    # My confidential signal stays with the buurtteam, without me.
    my_signal = Pin.objects.get(pk=scene["my_signal"].pk)
    assert (my_signal.author_id, my_signal.contact_consent) == (None, False)


def test_removing_takes_my_pins_and_comments_and_lowers_every_counter_exactly(scene):
    me, theirs, second = scene["me"], scene["theirs"], scene["second"]
    assert (count(theirs, "comment_count"), count(second, "comment_count")) == (3, 1)

    done = services.author_leave(user=me, keep_pins=False)

    assert done == Departure(
        supports_removed=2,
        reports_removed=2,
        pins_removed=1,
        pins_kept_anonymously=0,
        signals_anonymised=1,
        comments_removed=4,
        comments_kept_anonymously=0,
    )
    assert not Pin.objects.filter(pk=scene["mine"].pk).exists()
    assert not Comment.objects.filter(author=me).exists()
    assert (count(theirs, "comment_count"), count(second, "comment_count")) == (1, 0)
    assert count(theirs, "comment_count") == Comment.objects.filter(pin=theirs).visible().count()
    assert_the_others_keep_theirs(scene)


def test_keeping_leaves_my_pins_and_comments_without_my_name(scene):
    me, mine, theirs = scene["me"], scene["mine"], scene["theirs"]
    my_comments = set(Comment.objects.filter(author=me).values_list("pk", flat=True))

    done = services.author_leave(user=me, keep_pins=True)

    assert done == Departure(
        supports_removed=2,
        reports_removed=2,
        pins_removed=0,
        pins_kept_anonymously=1,  # the signal was counted as anonymised
        signals_anonymised=1,
        comments_removed=0,
        comments_kept_anonymously=4,
    )
    assert Pin.objects.get(pk=mine.pk).author_id is None
    assert count(mine, "support_count") == 1
    assert set(Comment.objects.filter(author=None).values_list("pk", flat=True)) == my_comments
    assert count(theirs, "comment_count") == 3
    assert_the_others_keep_theirs(scene)


def test_leaving_with_nothing_changes_nothing(scene):
    done = services.author_leave(user=UserFactory(), keep_pins=False)
    assert done == Departure()
    assert count(scene["theirs"], "support_count") == 2
    assert count(scene["theirs"], "report_count") == 2


@pytest.mark.parametrize("keep_pins", [True, False], ids=["keep", "remove"])
def test_the_map_shows_the_new_counts_and_loses_removed_pins_at_once(
    client, scene, keep_pins, django_capture_on_commit_callbacks
):
    mine, theirs = scene["mine"], scene["theirs"]
    # A pin I supported and did not comment on, on a tile of its own.
    quiet = pin_create(scene["other"], title="Stille melding", geom=spot(QUIET))
    services.support_add(pin=quiet, user=scene["me"])
    at_mine, at_theirs = Tiles(client, spot(HOODS[0])), Tiles(client, spot(HOODS[1]))
    at_quiet = Tiles(client, spot(QUIET))
    at_mine.warm()
    assert at_theirs.rows()[theirs.public_id]["support_count"] == 2
    assert at_quiet.rows()[quiet.public_id]["support_count"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.author_leave(user=scene["me"], keep_pins=keep_pins)

    assert at_theirs.rows()[theirs.public_id]["support_count"] == 1
    assert at_quiet.rows()[quiet.public_id]["support_count"] == 0
    assert (mine.public_id in at_mine.rows()) is keep_pins


# --- many places: one purge of the whole layer ----------------------------------------------


@pytest.fixture
def elsewhere(client):
    """A cached tile far from the leaver's pins, and a way to see whether it was purged: its
    pin's title is changed behind the services' back, so only a fresh tile shows it."""
    far = pin_create(UserFactory(), title="Ver weg", geom=point_in("BU01060600"))
    tiles = Tiles(client, far.geom)
    assert tiles.rows()[far.public_id]["title"] == "Ver weg"
    Pin.objects.filter(pk=far.pk).update(title="Ververst")
    return lambda: tiles.rows()[far.public_id]["title"]


@pytest.mark.parametrize(
    "places, purged_everywhere",
    [(2, False), (3, True)],
    ids=["at the limit: per place", "past it: whole layer"],
)
def test_past_the_limit_of_places_the_whole_pins_layer_is_purged(
    scene, elsewhere, monkeypatch, places, purged_everywhere, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(leaving, "PURGE_PLACES_MAX", 2)
    leaver = UserFactory()
    for code in HOODS[:places]:
        pin_create(leaver, geom=spot(code))
    pin_create(leaver, geom=spot(HOODS[0]))  # a second pin at a place counts once

    with django_capture_on_commit_callbacks(execute=True):
        services.author_leave(user=leaver, keep_pins=False)

    assert elsewhere() == ("Ververst" if purged_everywhere else "Ver weg")
