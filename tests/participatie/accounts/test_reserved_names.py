"""Residents may not take a display name that passes for staff: a team, a partner or a
staff function, however it is spelled (case, accents, spacing, punctuation, look-alikes)."""

import pytest
from django.utils import translation

from maps.partners.models import Partner
from participatie.accounts.models import User
from participatie.accounts.reserved_names import fold, reserved_word_in
from tests.participatie.accounts.factories import PASSWORD, signup_data
from tests.participatie.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
SIGNUP = "/account/aanmelden/"
ACCOUNT = "/account/"

IMITATIONS = [
    ("Buurtteam Vaart Welzijn (demo)", "buurtteam"),
    ("WIJKTEAM", "wijkteam"),
    ("Wijk team Lariks", "wijkteam"),
    ("B.u.u.r.t-t.e.a.m", "buurtteam"),
    ("Gemeénte Assen", "gemeente"),
    ("ACT1UM", "Actium"),
    ("Vaart WeIzijn", "Vaart Welzijn"),  # a capital I for the l
    ("vaart_welzijn", "Vaart Welzijn"),
    ("Ве­һеerder", "beheerder"),  # Cyrillic В and е, a soft hyphen, Cyrillic һ
    ("M0der4tor Piet", "moderator"),
    ("Wijk\u200bteam", "wijkteam"),  # a zero-width space
    ("Ｗｉｊｋｔｅａｍ", "wijkteam"),  # full-width letters
]
ORDINARY = ["Anna uit de Lariks", "Piet", "Buurtgenoot 12", "Wijkbewoner Kloosterveen", ""]


@pytest.mark.parametrize("name,word", IMITATIONS)
def test_names_that_imitate_staff_are_found_however_they_are_written(name, word):
    found = reserved_word_in(name)
    assert found is not None, name
    assert fold(found) == fold(word)


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_names_are_free(name):
    assert reserved_word_in(name) is None


def test_the_partners_in_the_database_are_reserved_too():
    assert reserved_word_in("Stichting Buurtkracht Noord") is None
    Partner.objects.create(name="Stichting Buurtkracht", slug="buurtkracht", kind="other")
    assert reserved_word_in("stichting-buurtkracht noord") == "Stichting Buurtkracht"


def test_signup_refuses_a_reserved_name_with_a_dutch_message(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    response = client.post(SIGNUP, signup_data(display_name="Buurtteam Vaart Welzijn (demo)"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een naam zonder “buurtteam”" in html
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_signup_accepts_an_ordinary_name(client):
    response = client.post(SIGNUP, signup_data(display_name="Anna uit de Lariks"))
    assert response.status_code == 302
    assert User.objects.get(email="nieuw@example.org").display_name == "Anna uit de Lariks"


def test_a_resident_cannot_rename_to_a_staff_name(client):
    resident = UserFactory(password=PASSWORD, display_name="Anna")
    client.force_login(resident)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    response = client.post(ACCOUNT, {"display_name": "W1jkteam  Act1um", "home_neighbourhood": ""})
    assert response.status_code == 200
    with translation.override("nl"):
        assert "Kies een naam zonder “wijkteam”" in response.content.decode()
    resident.refresh_from_db()
    assert resident.display_name == "Anna"


def test_staff_keep_their_team_in_their_name(client):
    from tests.participatie.accounts.otp import login_staff

    staff = StaffFactory(display_name="Anna")
    login_staff(client, staff)
    response = client.post(ACCOUNT, {"display_name": "Wijkteam Actium", "home_neighbourhood": ""})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.display_name == "Wijkteam Actium"
