"""Confidential signals are not kept forever: `manage.py apply_retention` deletes a closed
one CONFIDENTIAL_RETENTION_DAYS after it was closed, and leaves everything else alone.

Ages are set on the rows the services wrote (the status change that closed a signal), so
each case sits clearly on one side of the period."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from participatie.accounts.models import User
from participatie.pins import services
from participatie.pins.models import Pin, PinEvent, PinPhoto, PinStatusChange
from tests.participatie.factories import (
    BuurtteamFactory,
    UserFactory,
    image_bytes,
    pin_create,
    sensitive_category,
)

pytestmark = pytest.mark.django_db
DAYS = 365


@pytest.fixture(autouse=True)
def period(settings):
    settings.CONFIDENTIAL_RETENTION_DAYS = DAYS
    settings.UNCONFIRMED_ACCOUNT_DAYS = 30


@pytest.fixture
def buurtteam():
    return BuurtteamFactory()


def signal(author, **kw):
    return pin_create(author, category=sensitive_category(), title="Zorgen om de buren", **kw)


def closed(pin, by, *, days_ago: float, status: str = "done") -> Pin:
    """Close `pin` through the service, then date the closing `days_ago` days back."""
    services.pin_set_status(pin=pin, status=status, reason="Afgerond met de bewoner.", by=by)
    when = timezone.now() - dt.timedelta(days=days_ago)
    PinStatusChange.objects.filter(pin=pin, to_status=status).update(created_at=when)
    Pin.objects.filter(pk=pin.pk).update(updated_at=when)
    return pin


def apply(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cases(resident, buurtteam, media_root):
    photo = SimpleUploadedFile("x.jpg", image_bytes(), "image/jpeg")
    return {
        "old": closed(signal(resident, photos=[photo]), buurtteam, days_ago=DAYS + 2),
        "declined_old": closed(signal(resident), buurtteam, days_ago=DAYS + 30, status="declined"),
        "young": closed(signal(resident), buurtteam, days_ago=DAYS - 2),
        "open_old": signal(resident),  # still open, however old
        "public_old": closed(pin_create(resident), buurtteam, days_ago=DAYS * 3),
    }


def age_open_signal(pin: Pin, days: int) -> None:
    when = timezone.now() - dt.timedelta(days=days)
    Pin.objects.filter(pk=pin.pk).update(created_at=when, updated_at=when)
    PinStatusChange.objects.filter(pin=pin).update(created_at=when)


def test_a_closed_signal_past_the_period_is_deleted_with_its_photos_and_history(
    cases, django_capture_on_commit_callbacks
):
    age_open_signal(cases["open_old"], DAYS * 2)
    old = cases["old"]
    files = [(p.image.name, p.thumbnail.name) for p in PinPhoto.objects.filter(pin=old)]
    assert files and all(default_storage.exists(n) for pair in files for n in pair)

    with django_capture_on_commit_callbacks(execute=True):  # the files go once it commits
        output = apply()

    gone = {cases["old"].pk, cases["declined_old"].pk}
    kept = {cases["young"].pk, cases["open_old"].pk, cases["public_old"].pk}
    assert not Pin.objects.filter(pk__in=gone).exists()
    assert set(Pin.objects.filter(pk__in=gone | kept).values_list("pk", flat=True)) == kept
    assert not PinEvent.objects.filter(pin_id__in=gone).exists()
    assert not PinStatusChange.objects.filter(pin_id__in=gone).exists()
    assert not any(default_storage.exists(n) for pair in files for n in pair)
    assert "deleted 2 confidential signal(s)" in output


def test_the_period_counts_from_closing_not_from_posting(resident, buurtteam):
    """Posted long ago, closed recently: kept."""
    pin = signal(resident)
    age_open_signal(pin, DAYS * 2)
    closed(pin, buurtteam, days_ago=10)
    apply()
    assert Pin.objects.filter(pk=pin.pk).exists()


def test_a_dry_run_counts_and_changes_nothing(cases):
    before = set(Pin.objects.values_list("pk", flat=True))
    events = PinEvent.objects.count()
    output = apply("--dry-run")
    assert "would delete 2 confidential signal(s)" in output
    assert set(Pin.objects.values_list("pk", flat=True)) == before
    assert PinEvent.objects.count() == events


def test_a_shorter_period_from_the_settings_takes_the_younger_one_too(cases, settings):
    settings.CONFIDENTIAL_RETENTION_DAYS = DAYS - 10
    assert "deleted 3 confidential signal(s)" in apply()
    assert not Pin.objects.filter(pk=cases["young"].pk).exists()
    assert Pin.objects.filter(pk=cases["public_old"].pk).exists()


def test_unconfirmed_sign_ups_are_deleted_after_their_period(resident):
    old = UserFactory(verified=False)
    young = UserFactory(verified=False)
    User.objects.filter(pk=old.pk).update(date_joined=timezone.now() - dt.timedelta(days=31))
    User.objects.filter(pk=young.pk).update(date_joined=timezone.now() - dt.timedelta(days=29))
    User.objects.filter(pk=resident.pk).update(date_joined=timezone.now() - dt.timedelta(days=900))

    assert "would delete 0 confidential signal(s), 1 unconfirmed account(s)" in apply("--dry-run")
    assert User.objects.filter(pk=old.pk).exists()
    assert "deleted 0 confidential signal(s), 1 unconfirmed account(s)" in apply()
    assert not User.objects.filter(pk=old.pk).exists()
    assert User.objects.filter(pk__in=[young.pk, resident.pk]).count() == 2
