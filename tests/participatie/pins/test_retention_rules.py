"""When a closed confidential signal's retention period is over, counted by the service
itself (participatie/pins/services/leaving.py), for a given day and period too.

The period runs from the moment the signal was closed: its last status change into its
current closed status, or, when no such change is on record, its last change. Open signals
and public pins are never deleted this way, whatever their age, and a signal reopened while
the deletion runs stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from participatie.pins import services
from participatie.pins.models import Pin, PinStatusChange
from participatie.pins.services import leaving
from tests.participatie.factories import BuurtteamFactory, UserFactory, pin_create
from tests.participatie.factories import sensitive_category as sensitive

pytestmark = pytest.mark.django_db
DAYS = 365


@pytest.fixture(autouse=True)
def period(settings):
    settings.CONFIDENTIAL_RETENTION_DAYS = DAYS


@pytest.fixture
def team():
    return BuurtteamFactory()


def ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def signal() -> Pin:
    return pin_create(UserFactory(), category=sensitive(), title="Zorgen om de buren")


def closed(team, *, days_ago: float, status: str = "done") -> Pin:
    pin = signal()
    services.pin_set_status(pin=pin, status=status, reason="Afgerond.", by=team)
    PinStatusChange.objects.filter(pin=pin, to_status=status).update(created_at=ago(days_ago))
    Pin.objects.filter(pk=pin.pk).update(updated_at=ago(days_ago))
    return pin


def left(*pins) -> set[int]:
    return set(Pin.objects.filter(pk__in=[p.pk for p in pins]).values_list("pk", flat=True))


def test_without_dry_run_the_service_deletes(team):
    old = closed(team, days_ago=DAYS + 1)
    leaving.confidential_retention_apply()
    assert left(old) == set()


def test_a_period_given_to_the_service_decides_instead_of_the_settings(team):
    hundred = closed(team, days_ago=100)
    fifty = closed(team, days_ago=50)
    leaving.confidential_retention_apply(days=75, dry_run=True)
    assert left(hundred, fifty) == {hundred.pk, fifty.pk}
    leaving.confidential_retention_apply(days=75)
    assert left(hundred, fifty) == {fifty.pk}


def test_a_day_given_to_the_service_is_the_day_it_counts_from(team):
    recent = closed(team, days_ago=10)
    leaving.confidential_retention_apply(now=timezone.now())
    assert left(recent) == {recent.pk}
    leaving.confidential_retention_apply(now=timezone.now() + dt.timedelta(days=DAYS))
    assert left(recent) == set()


def test_an_open_signal_stays_however_long_ago_its_status_was_set(team):
    acknowledged = signal()
    services.pin_set_status(pin=acknowledged, status="acknowledged", by=team)
    PinStatusChange.objects.filter(pin=acknowledged).update(created_at=ago(DAYS * 3))
    Pin.objects.filter(pk=acknowledged.pk).update(updated_at=ago(DAYS * 3))
    old = closed(team, days_ago=DAYS * 3)

    assert acknowledged not in leaving.confidential_expired()
    would = leaving.confidential_retention_apply(dry_run=True)
    assert leaving.confidential_retention_apply() == would  # a dry run counts what goes
    assert left(acknowledged, old) == {acknowledged.pk}


def test_a_later_change_that_is_no_status_change_does_not_restart_the_period(team):
    """Assigning the closed signal to someone touches the pin, not its closing."""
    old = closed(team, days_ago=DAYS + 5)
    services.pin_assign(pin=old, by=team, assignee=team)
    assert Pin.objects.get(pk=old.pk).updated_at > ago(1)

    leaving.confidential_retention_apply()
    assert left(old) == set()


def test_a_reply_in_the_closed_status_restarts_the_period(team):
    old = closed(team, days_ago=DAYS + 5)
    services.pin_set_status(pin=old, status="done", reason="Nog even nagebeld.", by=team)
    leaving.confidential_retention_apply()
    assert left(old) == {old.pk}


def test_a_signal_closed_without_a_status_change_on_record_counts_from_its_last_change(team):
    """Closed outside the services (the admin, an import): no status change into `done`."""
    old, young = signal(), signal()
    Pin.objects.filter(pk=old.pk).update(status="done", updated_at=ago(DAYS + 1))
    Pin.objects.filter(pk=young.pk).update(status="done", updated_at=ago(DAYS - 1))

    leaving.confidential_retention_apply()
    assert left(old, young) == {young.pk}


def test_a_signal_reopened_while_the_deletion_runs_stays(team, monkeypatch):
    """Between finding the expired signals and locking them, the buurtteam reopens one (in
    another request): it is checked again under the lock and kept."""
    reopened, gone = closed(team, days_ago=DAYS + 1), closed(team, days_ago=DAYS + 2)
    find = leaving.confidential_expired

    def find_then_reopen(**kwargs):
        found = list(find(**kwargs).values_list("pk", flat=True))
        Pin.objects.filter(pk=reopened.pk).update(status="acknowledged")
        return Pin.objects.filter(pk__in=found)

    monkeypatch.setattr(leaving, "confidential_expired", find_then_reopen)

    leaving.confidential_retention_apply()
    assert left(reopened, gone) == {reopened.pk}
