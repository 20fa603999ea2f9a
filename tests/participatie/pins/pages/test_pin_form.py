"""Placing, changing and withdrawing a pin through the pages, and the helpers of the form."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maps.models import Area
from participatie.pins.models import Pin
from tests.participatie.factories import (
    UserFactory,
    category,
    image_bytes,
    pin_create,
    point_in,
)

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    spot = point_in()
    data = {
        "kind": "idea",
        "category": "groen-en-bomen",
        "title": "Meer bomen",
        "description": "Langs de hele straat.",
        "lon": f"{spot.x:.6f}",
        "lat": f"{spot.y:.6f}",
    }
    data.update(overrides)
    return data


def test_a_visitor_gets_a_friendly_page_with_log_in_and_sign_up(client):
    html = client.get("/meldingen/nieuw/").content.decode()
    assert 'href="/account/inloggen/?next=/meldingen/nieuw/"' in html
    assert 'href="/account/aanmelden/"' in html


def test_an_unconfirmed_resident_is_asked_to_confirm_first(as_user):
    html = as_user(UserFactory(verified=False)).get("/meldingen/nieuw/").content.decode()
    assert "bevestig eerst je e-mailadres" in html
    assert 'name="title"' not in html


def test_a_resident_posts_an_idea_with_a_photo(as_user, resident, media_root):
    photo = SimpleUploadedFile("IMG_0001.jpg", image_bytes(), content_type="image/jpeg")
    response = as_user(resident).post("/meldingen/nieuw/", {**form_data(), "photos": [photo]})

    pin = Pin.objects.get(title="Meer bomen")
    assert response["Location"] == f"/meldingen/{pin.public_id}/"
    assert (pin.author, pin.kind, pin.category.slug) == (resident, "idea", "groen-en-bomen")
    assert pin.photos.count() == 1
    assert pin.neighbourhood is not None


def test_a_place_outside_the_municipality_gets_the_services_message(as_user, resident):
    response = as_user(resident).post(
        "/meldingen/nieuw/", form_data(lon="4.900000", lat="52.370000")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "buiten de gemeente" in html
    assert 'href="#pin-location"' in html  # the error summary links to the map
    assert 'value="Meer bomen"' in html  # nothing typed is lost
    assert not Pin.objects.filter(title="Meer bomen").exists()


def test_a_missing_place_kind_and_category_are_all_reported_at_once(as_user, resident):
    response = as_user(resident).post(
        "/meldingen/nieuw/", form_data(kind="", category="", lon="", lat="")
    )
    html = response.content.decode()
    for message in ("Kies idee of klacht", "Kies een categorie", "Kies de plek"):
        assert message in html


def test_a_category_for_complaints_only_refuses_an_idea(as_user, resident):
    response = as_user(resident).post("/meldingen/nieuw/", form_data(category="verlichting"))
    assert response.status_code == 400
    assert not Pin.objects.filter(title="Meer bomen").exists()


def test_without_javascript_the_neighbourhood_places_the_pin(as_user, resident):
    area = Area.objects.neighbourhoods().order_by("code").first()
    as_user(resident).post("/meldingen/nieuw/", form_data(lon="", lat="", place=area.code))
    pin = Pin.objects.get(title="Meer bomen")
    assert pin.neighbourhood == area


def test_a_sensitive_category_is_labelled_confidential_in_the_form(as_user, resident):
    html = as_user(resident).get("/meldingen/nieuw/").content.decode()
    assert "Eenzaamheid (gaat vertrouwelijk naar het buurtteam, niet op de kaart)" in html
    assert 'data-private="true"' in html


def test_the_author_changes_and_withdraws_a_new_pin(as_user, resident):
    pin = pin_create(resident)
    client = as_user(resident)
    assert client.get(f"/meldingen/{pin.public_id}/bewerken/").status_code == 200

    data = form_data(kind="complaint", category="straat-en-stoep", title="Tegels los")
    assert client.post(f"/meldingen/{pin.public_id}/bewerken/", data).status_code == 302
    pin.refresh_from_db()
    assert pin.title == "Tegels los"

    response = client.post(f"/meldingen/{pin.public_id}/intrekken/", {"reason": "Al gemaakt"})
    assert response["Location"] == "/meldingen/mijn/"
    pin.refresh_from_db()
    assert pin.status == "withdrawn"


def test_others_cannot_change_someone_elses_pin(as_user, resident):
    pin = pin_create(resident)
    client = as_user(UserFactory())
    assert client.get(f"/meldingen/{pin.public_id}/bewerken/").status_code == 403
    assert client.post(f"/meldingen/{pin.public_id}/intrekken/").status_code == 403


def test_my_reports_lists_my_pins_also_confidential_ones(as_user, resident):
    pin_create(resident, title="Openbaar")
    pin_create(resident, title="Geheim", category=category("eenzaamheid"))
    pin_create(UserFactory(), title="Van een ander")

    html = as_user(resident).get("/meldingen/mijn/").content.decode()
    assert "Openbaar" in html and "Geheim" in html
    assert "Van een ander" not in html
    assert html.count("Vertrouwelijk: alleen voor het buurtteam") == 1


def test_the_place_search_finds_areas_and_the_lookup_names_the_neighbourhood(client):
    results = client.get("/meldingen/plekken/", {"q": "lariks"}).json()["results"]
    assert results[0]["label"] == "Lariks (wijk)"
    spot = point_in()
    place = client.get("/meldingen/plek/", {"lon": spot.x, "lat": spot.y}).json()
    assert place["inside"] is True and place["neighbourhood"]
    outside = client.get("/meldingen/plek/", {"lon": 4.9, "lat": 52.37}).json()
    assert outside == {"inside": False, "neighbourhood": None, "district": None}
    assert client.get("/meldingen/plek/", {"lon": "nan", "lat": 1}).status_code == 400


def test_the_list_of_reports_filters_like_the_map(client, resident):
    pin_create(resident, title="Een klacht hier")
    pin_create(resident, title="Een idee hier", kind="idea", category=category("groen-en-bomen"))

    html = client.get("/meldingen/", {"kind": "idea"}).content.decode()
    assert "Een idee hier" in html and "Een klacht hier" not in html
    html = client.get("/meldingen/", {"category": "straat-en-stoep"}).content.decode()
    assert "Een klacht hier" in html and "Een idee hier" not in html


def test_posting_too_often_keeps_the_input_and_says_when_to_try_again(as_user, resident, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "pin_post": "1/hour"},
    }
    client = as_user(resident)
    assert client.post("/meldingen/nieuw/", form_data()).status_code == 302

    response = client.post("/meldingen/nieuw/", form_data(title="Nog een"))

    assert response.status_code == 429
    html = response.content.decode()
    assert re.search(r"Probeer het over \d+ minuu?t(en)? nog eens", html)
    assert 'value="Nog een"' in html
    assert not Pin.objects.filter(title="Nog een").exists()
