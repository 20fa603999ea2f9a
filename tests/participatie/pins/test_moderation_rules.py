"""What hiding, restoring, reporting and taking back a support change, and what they leave
alone: the other comments, the other pins, the other residents' supports."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from participatie.pins import services
from participatie.pins.models import Comment, Pin, Report, Support
from tests.participatie.factories import UserFactory, pin_create

pytestmark = pytest.mark.django_db


def comment_state(comment) -> tuple:
    comment = Comment.objects.get(pk=comment.pk)
    return comment.is_hidden, comment.hidden_reason, comment.report_count


def comment_count(pin) -> int:
    return Pin.objects.get(pk=pin.pk).comment_count


@pytest.fixture
def thread(resident, neighbour):
    """A pin with two comments."""
    pin = pin_create(resident)
    first = services.comment_create(pin=pin, author=neighbour, body="Eerste reactie")
    second = services.comment_create(pin=pin, author=resident, body="Tweede reactie")
    return pin, first, second


def test_hiding_a_comment_hides_that_comment_only(thread, admin_user):
    pin, first, second = thread
    assert comment_count(pin) == 2
    hidden = services.comment_hide(comment=first, by=admin_user, reason="Scheldwoord")
    assert (hidden.is_hidden, hidden.hidden_reason) == (True, "Scheldwoord")
    assert comment_state(first) == (True, "Scheldwoord", 0)
    assert comment_state(second) == (False, "", 0)
    assert comment_count(pin) == 1
    assert list(Comment.objects.filter(pin=pin).visible()) == [second]


def test_hiding_a_hidden_comment_again_only_changes_the_reason(thread, admin_user):
    pin, first, second = thread
    services.comment_hide(comment=first, by=admin_user, reason="Scheldwoord")
    again = services.comment_hide(comment=first, by=admin_user, reason="Persoonsgegevens")
    assert (again.is_hidden, again.hidden_reason) == (True, "Persoonsgegevens")
    assert comment_state(second) == (False, "", 0)
    assert comment_count(pin) == 1  # counted out once, not twice


def test_restoring_a_comment_clears_its_reason_and_reports_and_counts_it_again(
    thread, admin_user, settings
):
    settings.MODERATION_REPORT_THRESHOLD = 2
    pin, first, second = thread
    for reporter in UserFactory.create_batch(2):
        services.report_create(reporter=reporter, comment=first, reason="offensive")
    services.comment_hide(comment=second, by=admin_user, reason="Reclame")
    assert comment_state(first)[0] and comment_state(first)[2] == 2
    assert comment_count(pin) == 0
    restored = services.comment_restore(comment=first, by=admin_user)
    assert (restored.is_hidden, restored.hidden_reason, restored.report_count) == (False, "", 0)
    assert comment_state(first) == (False, "", 0)
    assert comment_state(second) == (True, "Reclame", 0)  # the other one stays hidden
    assert comment_count(pin) == 1


def test_restoring_a_visible_comment_changes_nothing(thread, admin_user):
    pin, first, second = thread
    services.comment_restore(comment=first, by=admin_user)
    assert comment_state(first) == (False, "", 0)
    assert comment_count(pin) == 2


def test_taking_back_a_support_takes_back_only_that_one(resident, neighbour):
    pin, other_pin = pin_create(resident), pin_create(resident)
    third = UserFactory()
    for supporter in (neighbour, third):
        services.support_add(pin=pin, user=supporter)
    services.support_add(pin=other_pin, user=neighbour)
    assert services.support_remove(pin=pin, user=neighbour) is True
    remaining = set(
        Support.objects.filter(pin__in=[pin, other_pin]).values_list("pin_id", "user_id")
    )
    assert remaining == {(pin.pk, third.pk), (other_pin.pk, neighbour.pk)}
    assert Pin.objects.get(pk=pin.pk).support_count == 1
    assert Pin.objects.get(pk=other_pin.pk).support_count == 1
    assert services.support_remove(pin=pin, user=neighbour) is False
    assert Pin.objects.get(pk=pin.pk).support_count == 1


def test_the_automatic_hiding_reason_is_stored_in_the_sites_language(resident, settings):
    settings.MODERATION_REPORT_THRESHOLD = 1
    settings.LANGUAGE_CODE = "nl"
    pin = pin_create(resident)
    with translation.override("en"):  # the reporter reads the site in English
        services.report_create(reporter=UserFactory(), pin=pin, reason="spam")
    pin.refresh_from_db()
    assert pin.is_hidden
    assert pin.hidden_reason == "Verborgen na 1 meldingen van misbruik, wacht op een moderator."


def test_a_report_keeps_its_reason_and_explanation(resident, neighbour):
    pin = pin_create(resident)
    services.report_create(
        reporter=neighbour, pin=pin, reason="spam", explanation="  Reclame voor een webwinkel "
    )
    report = Report.objects.get(pin=pin, reporter=neighbour)
    assert (report.reason, report.explanation, report.comment) == (
        "spam",
        "Reclame voor een webwinkel",
        None,
    )


def test_a_report_without_explanation_has_an_empty_one(resident, neighbour):
    pin = pin_create(resident)
    services.report_create(reporter=neighbour, pin=pin, reason="spam")
    assert Report.objects.get(pin=pin, reporter=neighbour).explanation == ""


def test_a_report_is_refused_with_a_message_per_field(resident, neighbour):
    pin = pin_create(resident)
    with pytest.raises(ValidationError) as exc:
        services.report_create(reporter=neighbour, pin=pin, reason="saai", explanation="x" * 1001)
    errors = exc.value.error_dict
    assert {field: [e.code for e in found] for field, found in errors.items()} == {
        "reason": ["invalid_choice"],
        "explanation": ["max_length"],
    }
    with translation.override("en"):
        assert errors["reason"][0].messages == ["Choose a reason."]
    # 1,000 characters are allowed.
    assert services.report_create(
        reporter=neighbour, pin=pin, reason="other", explanation="x" * 1000
    )
    assert not Report.objects.filter(pin=pin, reason="saai").exists()


def test_a_report_names_exactly_one_target(resident, neighbour):
    pin = pin_create(resident)
    comment = services.comment_create(pin=pin, author=neighbour, body="Reactie")
    for targets in ({}, {"pin": pin, "comment": comment}):
        with pytest.raises(ValueError, match="^report exactly one of pin or comment$"):
            services.report_create(reporter=neighbour, reason="spam", **targets)


def test_reports_on_one_comment_hide_that_comment_only(resident, neighbour, settings):
    settings.MODERATION_REPORT_THRESHOLD = 1
    pin = pin_create(resident)
    reported = services.comment_create(pin=pin, author=neighbour, body="Scheldwoorden")
    other = services.comment_create(pin=pin, author=resident, body="Dank voor het melden")
    elsewhere = pin_create(resident)
    assert services.report_create(reporter=UserFactory(), comment=reported, reason="offensive")
    assert comment_state(reported)[0] is True
    assert comment_state(other) == (False, "", 0)
    assert not Pin.objects.get(pk=elsewhere.pk).is_hidden
    assert not Pin.objects.get(pk=pin.pk).is_hidden
    # A hidden comment cannot be reported any more: it is not there.
    reported.refresh_from_db()
    with pytest.raises(Comment.DoesNotExist):
        services.report_create(reporter=UserFactory(), comment=reported, reason="spam")


def test_supporting_your_own_pin_is_refused_with_a_message(resident):
    pin = pin_create(resident)
    with pytest.raises(ValidationError) as exc:
        services.support_add(pin=pin, user=resident)
    [error] = exc.value.error_dict["pin"]
    assert error.code == "own_pin"
    with translation.override("en"):
        assert error.messages == ["You cannot support your own pin."]


def test_reaching_the_threshold_hides_the_reported_pin_and_no_other(resident, settings):
    settings.MODERATION_REPORT_THRESHOLD = 3
    earlier, reported = pin_create(resident), pin_create(resident)
    for reporter in UserFactory.create_batch(2):
        services.report_create(reporter=reporter, pin=earlier, reason="spam")
    settings.MODERATION_REPORT_THRESHOLD = 2  # lowered: `earlier` already has two reports
    for reporter in UserFactory.create_batch(2):
        services.report_create(reporter=reporter, pin=reported, reason="spam")
    hidden = dict(
        Pin.objects.filter(pk__in=[earlier.pk, reported.pk]).values_list("pk", "is_hidden")
    )
    assert hidden == {earlier.pk: False, reported.pk: True}
