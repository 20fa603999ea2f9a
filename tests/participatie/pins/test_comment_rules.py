"""A comment's text: each refusal under the field `body`, the one a form and the API show it
at, with what is wrong; the longest comment that fits is kept whole. A restored comment
counts on the map's pin again at once."""

import pytest
from django.core.exceptions import ValidationError

from participatie.pins import services
from participatie.pins.models import Comment
from tests.participatie.factories import pin_create
from tests.participatie.pins.test_tile_freshness import Tiles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body, code",
    [("", "blank"), (" \n ", "blank"), ("x" * 2001, "max_length"), ("a\x00b", "null_characters")],
    ids=["empty", "whitespace", "too-long", "null"],
)
def test_a_bad_comment_is_refused_under_body(resident, neighbour, body, code):
    pin = pin_create(resident)
    with pytest.raises(ValidationError) as exc:
        services.comment_create(pin=pin, author=neighbour, body=body)
        pytest.fail("comment accepted")
    assert {f: [e.code for e in errs] for f, errs in exc.value.error_dict.items()} == {
        "body": [code]
    }
    assert not Comment.objects.filter(pin=pin).exists()


def test_a_comment_of_2000_characters_is_kept_whole(resident, neighbour):
    pin = pin_create(resident)
    comment = services.comment_create(pin=pin, author=neighbour, body="c" * 2000)
    assert Comment.objects.get(pk=comment.pk).body == "c" * 2000


def test_a_restored_comment_counts_on_the_map_again_at_once(
    client, resident, neighbour, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pin = pin_create(resident)
        comment = services.comment_create(pin=pin, author=neighbour, body="Eens!")
        services.comment_hide(comment=comment, by=admin_user, reason="Scheldwoord")
    tiles = Tiles(client, pin.geom)
    assert tiles.rows()[pin.public_id]["comment_count"] == 0  # rendered and cached

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_restore(comment=comment, by=admin_user)

    assert tiles.rows()[pin.public_id]["comment_count"] == 1
