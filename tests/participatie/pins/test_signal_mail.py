"""The mail that tells a district's buurtteam a confidential signal has come in.

The form promises the resident that the buurtteam of their district sees the signal; this
mail is how the team learns of it. It goes to that team only, after the pin is stored, in
the site's language, and it carries a link, never what the signal is about.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation

from maps.models import Area
from tests.participatie.accounts.otp import login_staff
from tests.participatie.factories import (
    BuurtteamFactory,
    StaffFactory,
    UserFactory,
    category,
    pin_create,
    point_in,
    sensitive_category,
)

pytestmark = pytest.mark.django_db

TITLE = "Mijn buurvrouw komt de deur niet meer uit"
DESCRIPTION = "Ze woont sinds de winter alleen op nummer 12."


def district_of_first_hood() -> Area:
    return Area.objects.neighbourhoods().order_by("code").first().parent


def another_district(district: Area) -> Area:
    return Area.objects.districts().exclude(pk=district.pk).order_by("code").first()


def signal(author, **overrides):
    return pin_create(
        author,
        category=sensitive_category(),
        title=TITLE,
        description=DESCRIPTION,
        geom=point_in(),
        contact_consent=True,
        **overrides,
    )


def link_in(body: str) -> str:
    links = re.findall(r"https?://\S+", body)
    assert len(links) == 1, body
    return links[0]


def test_the_buurtteam_of_the_district_gets_one_mail_with_a_link_and_nothing_else(
    django_capture_on_commit_callbacks,
):
    district = district_of_first_hood()
    other = another_district(district)
    first = BuurtteamFactory(email="sanne@vaart.example", districts=[district.code])
    second = BuurtteamFactory(email="joost@vaart.example", districts=[district.code])
    BuurtteamFactory(email="", districts=[district.code])  # no address: nobody to mail
    BuurtteamFactory(email="weg@vaart.example", districts=[district.code], is_active=False)
    BuurtteamFactory(email="elders@vaart.example", districts=[other.code])
    StaffFactory(email="wijkteam@actium.example", districts=[district.code])
    resident = UserFactory(email="melder@example.org", display_name="Marja")

    with django_capture_on_commit_callbacks(execute=True):
        pin = signal(resident)

    assert pin.district_id == district.pk
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([first.email, second.email])
    assert message.subject == f"Een vertrouwelijk signaal in {district.name}"
    assert (
        f"Een bewoner heeft een vertrouwelijk signaal gestuurd naar het buurtteam van "
        f"{district.name}." in message.body
    )
    assert message.body.rstrip().endswith(settings.SITE_NAME)
    for secret in (TITLE, DESCRIPTION, "Marja", "melder@example.org", "nummer 12"):
        assert secret not in message.body and secret not in message.subject

    # The link opens the signal for the buurtteam member, and for nobody else.
    link = link_in(message.body)
    assert link.startswith(settings.SITE_URL + "/")
    path = link[len(settings.SITE_URL) :]
    team_page = login_staff(Client(), first).get(path)
    assert team_page.status_code == 200
    assert TITLE in team_page.content.decode()
    anonymous = Client().get(path)
    assert TITLE not in anonymous.content.decode()


def test_the_mail_waits_for_the_commit(django_capture_on_commit_callbacks):
    district = district_of_first_hood()
    BuurtteamFactory(email="sanne@vaart.example", districts=[district.code])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signal(UserFactory())
    assert mail.outbox == []  # a rolled-back pin announces nothing

    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["sanne@vaart.example"]]


def test_the_mail_is_in_the_sites_language_whatever_the_residents(
    django_capture_on_commit_callbacks,
):
    district = district_of_first_hood()
    BuurtteamFactory(email="sanne@vaart.example", districts=[district.code])

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        signal(UserFactory())

    assert mail.outbox[0].subject == f"Een vertrouwelijk signaal in {district.name}"


def test_an_ordinary_complaint_mails_no_team(django_capture_on_commit_callbacks):
    district = district_of_first_hood()
    BuurtteamFactory(email="sanne@vaart.example", districts=[district.code])
    StaffFactory(email="wijkteam@actium.example", districts=[district.code])

    with django_capture_on_commit_callbacks(execute=True):
        pin = pin_create(UserFactory(), category=category(), geom=point_in())

    assert pin.district_id == district.pk
    assert mail.outbox == []


def test_a_district_without_a_buurtteam_is_logged_for_the_administrators(
    django_capture_on_commit_callbacks, caplog
):
    district = district_of_first_hood()
    BuurtteamFactory(email="elders@vaart.example", districts=[another_district(district).code])
    StaffFactory(email="wijkteam@actium.example", districts=[district.code])

    with (
        caplog.at_level(logging.WARNING, logger="participatie.pins.services.handling"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        pin = signal(UserFactory())

    assert mail.outbox == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"Confidential signal {pin.pk} has no buurtteam in its district"]
