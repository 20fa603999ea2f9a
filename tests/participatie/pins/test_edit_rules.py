"""Changing a pin after it was posted, by its author (while it is new) or by a moderator (in
any status): the same checks as for a new pin, each error under the field it is about, every
error at once, and a field that is not given stays as it was."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.pins import services
from participatie.pins.models import Category, Pin, PinEvent
from tests.participatie.factories import AdminFactory, UserFactory, category, pin_create

pytestmark = pytest.mark.django_db

TITLE = "Losliggende stoeptegels"
DESCRIPTION = "Bij de ingang van het winkelcentrum."


@pytest.fixture(params=["author", "moderator"])
def edit(request):
    """Change a pin as its author (pin_update) or as a moderator (pin_correct)."""
    if request.param == "author":
        return lambda pin, **changes: services.pin_update(pin=pin, by=pin.author, **changes)
    moderator = AdminFactory()
    return lambda pin, **changes: services.pin_correct(pin=pin, by=moderator, **changes)


@pytest.fixture
def pin(db):
    return pin_create(
        UserFactory(), kind="complaint", category=category(), title=TITLE, description=DESCRIPTION
    )


def stored(pin) -> tuple:
    pin = Pin.objects.select_related("category").get(pk=pin.pk)
    return pin.kind, pin.category.slug, pin.title, pin.description


UNCHANGED = ("complaint", "straat-en-stoep", TITLE, DESCRIPTION)


def refused(edit, pin, **changes) -> dict[str, list[str]]:
    """The codes per field of the refusal; the pin must be as it was."""
    with pytest.raises(ValidationError) as exc:
        edit(pin, **changes)
        pytest.fail(f"accepted {changes}")
    assert stored(pin) == UNCHANGED
    return {field: [e.code for e in errors] for field, errors in exc.value.error_dict.items()}


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"title": ""}, {"title": ["blank"]}),
        ({"title": " \u200b\n "}, {"title": ["blank"]}),
        ({"title": "x" * 121}, {"title": ["max_length"]}),
        ({"title": "a\x00b"}, {"title": ["null_characters"]}),
        ({"description": "x" * 5001}, {"description": ["max_length"]}),
        ({"description": "a\x00b"}, {"description": ["null_characters"]}),
        (
            {"title": "", "description": "x" * 5001},
            {"title": ["blank"], "description": ["max_length"]},
        ),
    ],
    ids=[
        "blank-title",
        "invisible-title",
        "long-title",
        "null-title",
        "long-description",
        "null-description",
        "both",
    ],
)
def test_a_bad_title_or_description_is_refused_under_its_own_name(edit, pin, changes, expected):
    assert refused(edit, pin, **changes) == expected


def test_the_description_may_be_emptied_and_the_longest_texts_fit(edit, pin):
    edit(pin, description="")
    assert stored(pin) == ("complaint", "straat-en-stoep", TITLE, "")
    edit(pin, title="t" * 120, description="d" * 5000)
    assert stored(pin) == ("complaint", "straat-en-stoep", "t" * 120, "d" * 5000)


def test_a_new_kind_alone_is_checked_against_the_category(edit, pin):
    lighting = pin_create(pin.author, kind="complaint", category=category("verlichting"))
    with pytest.raises(ValidationError) as exc:
        edit(lighting, kind="idea")  # lighting takes complaints only
    assert [e.code for e in exc.value.error_dict["category"]] == ["kind_not_allowed"]
    assert Pin.objects.get(pk=lighting.pk).kind == "complaint"

    edit(pin, kind="idea")  # streets and pavements take both
    assert stored(pin) == ("idea", "straat-en-stoep", TITLE, DESCRIPTION)


def test_a_new_category_alone_is_applied_and_checked(edit, pin):
    edit(pin, category=category("spelen"))
    assert stored(pin)[:2] == ("complaint", "spelen")

    closed = Category.objects.get(slug="groen-en-bomen")
    Category.objects.filter(pk=closed.pk).update(is_active=False)
    closed.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        edit(pin, category=closed)
    assert {f: [e.code for e in errs] for f, errs in exc.value.error_dict.items()} == {
        "category": ["invalid_choice"]
    }
    assert stored(pin)[:2] == ("complaint", "spelen")


def test_a_moderators_correction_is_applied_and_recorded_with_their_name(pin):
    moderator = AdminFactory()
    services.pin_correct(
        pin=pin,
        by=moderator,
        kind="idea",
        category=category("spelen"),
        title="Speeltuin opknappen",
        description="Zonder persoonsgegevens.",
    )
    assert stored(pin) == ("idea", "spelen", "Speeltuin opknappen", "Zonder persoonsgegevens.")
    corrections = PinEvent.objects.filter(pin=pin, kind=PinEvent.Kind.CORRECTED)
    assert [event.actor for event in corrections] == [moderator]
