"""A confidential signal, from the resident's side: the promise on the form, consent to be
contacted by the buurtteam (form and API), and the buurtteam's answer on the pin page."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail

from participatie.pins import services
from participatie.pins.models import Pin
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
from tests.problems import field_errors

pytestmark = pytest.mark.django_db

PROMISE = (
    "Only you and the social team of your district see this; they may contact you if you agree."
)
CONSENT_LABEL = "The social team may contact me (by e-mail)"


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def form_data(category_slug: str, **overrides) -> dict:
    spot = point_in()
    data = {
        "kind": "complaint",
        "category": category_slug,
        "title": "Ik zie bijna niemand meer",
        "description": "Sinds mijn man overleed.",
        "lon": f"{spot.x:.6f}",
        "lat": f"{spot.y:.6f}",
    }
    data.update(overrides)
    return data


def consent_box(html: str) -> str:
    """The block with the promise and the consent box (its opening tag included)."""
    match = re.search(r'<div id="category-private"[^>]*>.*?</label>', html, re.S)
    assert match, "no confidential block on the form"
    return match.group(0)


def test_the_form_makes_the_promise_and_asks_for_consent(en):
    en.force_login(UserFactory())
    html = en.get("/meldingen/nieuw/").content.decode()
    box = consent_box(html)
    assert PROMISE in box
    assert 'type="checkbox" name="contact_consent"' in box
    assert CONSENT_LABEL in box
    # Without a script it is there to read; the page script hides it for a public category.
    assert " hidden" not in box.split(">", 1)[0]
    # Which options are confidential is marked for the script.
    slug = sensitive_category().slug
    assert re.search(rf'<option value="{slug}"[^>]*data-private="true"', html)


def test_the_dutch_form_makes_the_same_promise(client):
    client.force_login(UserFactory())
    html = client.get("/meldingen/nieuw/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    box = consent_box(html)
    assert "Alleen jij en het buurtteam van je wijk zien dit" in box
    assert "Het buurtteam mag contact met me opnemen (per e-mail)" in box


@pytest.mark.parametrize(
    "slug,ticked,expected",
    [
        ("eenzaamheid", True, True),
        ("eenzaamheid", False, False),
        # A public category has nobody to contact the reporter privately: never recorded.
        ("straat-en-stoep", True, False),
    ],
)
def test_the_consent_is_kept_with_a_confidential_signal_only(en, slug, ticked, expected):
    resident = UserFactory()
    en.force_login(resident)
    extra = {"contact_consent": "on"} if ticked else {}
    response = en.post("/meldingen/nieuw/", form_data(slug, **extra))
    assert response.status_code == 302
    pin = Pin.objects.get(author=resident)
    assert (pin.category.slug, pin.contact_consent) == (slug, expected)


def test_the_author_can_take_the_consent_back_while_the_signal_is_new(en):
    resident = UserFactory()
    pin = pin_create(resident, category=sensitive_category(), contact_consent=True)
    assert pin.contact_consent is True
    en.force_login(resident)
    edit = f"/meldingen/{pin.public_id}/bewerken/"
    html = en.get(edit).content.decode()
    assert re.search(r'name="contact_consent"[^>]*checked', consent_box(html))
    response = en.post(edit, form_data(sensitive_category().slug))  # box left unticked
    assert response.status_code == 302
    pin.refresh_from_db()
    assert pin.contact_consent is False


def test_an_edit_page_of_a_public_pin_starts_with_the_promise_hidden(en):
    resident = UserFactory()
    pin = pin_create(resident, category=category())
    en.force_login(resident)
    html = en.get(f"/meldingen/{pin.public_id}/bewerken/").content.decode()
    assert " hidden" in consent_box(html).split(">", 1)[0]


@pytest.mark.parametrize(
    "slug,sent,expected",
    [
        ("eenzaamheid", True, True),
        ("eenzaamheid", None, False),
        ("straat-en-stoep", True, False),
    ],
)
def test_the_api_takes_the_consent_too(en, slug, sent, expected):
    resident = UserFactory()
    en.force_login(resident)
    spot = point_in()
    body = {
        "kind": "complaint",
        "category": slug,
        "title": "Geldzorgen",
        "location": {"type": "Point", "coordinates": [spot.x, spot.y]},
    }
    if sent is not None:
        body["contact_consent"] = sent
    response = en.post("/api/v1/public/pins/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    pin = Pin.objects.get(author=resident)
    assert pin.contact_consent is expected


def test_the_api_rejects_a_consent_that_is_not_a_yes_or_no(en):
    resident = UserFactory()
    en.force_login(resident)
    spot = point_in()
    body = {
        "kind": "complaint",
        "category": "eenzaamheid",
        "title": "Geldzorgen",
        "location": {"type": "Point", "coordinates": [spot.x, spot.y]},
        "contact_consent": "misschien",
    }
    response = en.post("/api/v1/public/pins/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "contact_consent" in field_errors(response)
    assert not Pin.objects.filter(author=resident).exists()


def test_the_reporter_reads_the_buurtteams_answer_on_their_own_pin_page(en):
    resident = UserFactory(email="melder@example.org")
    pin = pin_create(resident, category=sensitive_category(), contact_consent=True)
    member = BuurtteamFactory(display_name="Sanne (Vaart Welzijn)")
    services.pin_set_status(
        pin=pin, status="acknowledged", reason="We bellen u deze week.", by=member
    )
    services.pin_set_status(
        pin=pin, status="acknowledged", reason="Donderdag om tien uur?", by=member
    )
    mail.outbox.clear()  # the mails are the handling's own tests; here: the page

    en.force_login(resident)
    html = en.get(f"/meldingen/{pin.public_id}/").content.decode()
    history = re.search(r'<ol class="history">.*?</ol>', html, re.S).group(0)
    assert "We bellen u deze week." in history
    assert "Donderdag om tien uur?" in history
    assert history.index("We bellen u") < history.index("Donderdag")
    assert "Sanne" not in html and member.email not in html
    assert "only you and the social team can see this report" in html

    # Nobody else: another resident, and a wijkteam member of the same district.
    en.force_login(UserFactory())
    assert en.get(f"/meldingen/{pin.public_id}/").status_code == 404
    login_staff(en, StaffFactory())
    assert en.get(f"/meldingen/{pin.public_id}/").status_code == 404
