"""Reports hide content after a threshold, until a moderator restores it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participatie.pins import services
from participatie.pins.models import Pin
from tests.participatie.factories import UserFactory, pin_create

pytestmark = pytest.mark.django_db


def test_a_pin_is_hidden_after_the_report_threshold(resident, settings):
    settings.MODERATION_REPORT_THRESHOLD = 3
    pin = pin_create(resident)
    reporters = UserFactory.create_batch(3)
    for reporter in reporters[:2]:
        assert services.report_create(reporter=reporter, pin=pin, reason="spam")
    pin.refresh_from_db()
    assert (pin.report_count, pin.is_hidden) == (2, False)
    services.report_create(reporter=reporters[2], pin=pin, reason="offensive")
    pin.refresh_from_db()
    assert (pin.report_count, pin.is_hidden) == (3, True)
    assert pin.hidden_reason
    assert not Pin.objects.public().filter(pk=pin.pk).exists()
    assert Pin.objects.visible_to(resident).filter(pk=pin.pk).exists()  # the author still sees it


def test_one_reporter_counts_once(resident, neighbour):
    pin = pin_create(resident)
    assert services.report_create(reporter=neighbour, pin=pin, reason="spam") is True
    assert services.report_create(reporter=neighbour, pin=pin, reason="other") is False
    pin.refresh_from_db()
    assert pin.report_count == 1


def test_a_report_needs_a_known_reason(resident, neighbour):
    with pytest.raises(ValidationError):
        services.report_create(reporter=neighbour, pin=pin_create(resident), reason="boring")


def test_a_restored_pin_needs_new_reports_to_be_hidden_again(resident, admin_user, settings):
    settings.MODERATION_REPORT_THRESHOLD = 2
    pin = pin_create(resident)
    first = UserFactory.create_batch(2)
    for reporter in first:
        services.report_create(reporter=reporter, pin=pin, reason="spam")
    pin = services.pin_restore(pin=pin, by=admin_user)
    assert (pin.is_hidden, pin.report_count) == (False, 0)
    # The same reporters cannot hide it again; two new ones can.
    for reporter in first:
        assert services.report_create(reporter=reporter, pin=pin, reason="spam") is False
    for reporter in UserFactory.create_batch(2):
        services.report_create(reporter=reporter, pin=pin, reason="spam")
    pin.refresh_from_db()
    assert pin.is_hidden


def test_a_hidden_comment_leaves_the_count(resident, neighbour, admin_user, settings):
    settings.MODERATION_REPORT_THRESHOLD = 1
    pin = pin_create(resident)
    comment = services.comment_create(pin=pin, author=neighbour, body="Scheldwoorden")
    services.report_create(reporter=resident, comment=comment, reason="offensive")
    comment.refresh_from_db()
    pin.refresh_from_db()
    assert comment.is_hidden and pin.comment_count == 0
    services.comment_restore(comment=comment, by=admin_user)
    pin.refresh_from_db()
    assert pin.comment_count == 1


def test_only_moderators_hide_and_hiding_needs_a_reason(resident, staff, admin_user):
    pin = pin_create(resident)
    with pytest.raises(PermissionDenied):
        services.pin_hide(pin=pin, by=staff, reason="Persoonsgegevens")
    with pytest.raises(ValidationError):
        services.pin_hide(pin=pin, by=admin_user, reason="")
    pin = services.pin_hide(pin=pin, by=admin_user, reason="Persoonsgegevens")
    assert pin.is_hidden and pin.hidden_reason == "Persoonsgegevens"
