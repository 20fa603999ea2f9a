"""The Locatieserver client: parses answers, and fails quietly and quickly."""

import time

import pytest

from maps import geocoding
from tests.locatieserver import FakeLocatieserver, unreachable_url


@pytest.fixture
def fake(settings):
    with FakeLocatieserver() as server:
        settings.LOCATIESERVER_URL = server.url
        yield server


def test_lookup_address_returns_lon_lat_and_asks_for_that_address(fake):
    fake.answer_address(6.56, 52.99)
    assert geocoding.lookup_address("9401 ab", 12) == (6.56, 52.99)
    path, params = fake.requests[0]
    assert path == "/search/v3_1/free"
    assert {("fq", "type:adres"), ("fq", "postcode:9401AB"), ("fq", "huisnummer:12")} <= set(params)


def test_search_returns_labelled_places_within_the_municipality(fake, settings):
    settings.MUNICIPALITY_CODE = "GM0106"
    fake.docs = [
        {"weergavenaam": "Brink, Assen", "type": "weg", "centroide_ll": "POINT(6.5625 52.9925)"},
        {"weergavenaam": "no point", "type": "adres"},
        {"weergavenaam": "bad point", "type": "adres", "centroide_ll": "POINT(999 1)"},
    ]
    assert geocoding.search("brink") == [
        {"label": "Brink, Assen", "lon": 6.5625, "lat": 52.9925, "type": "weg"}
    ]
    assert ("fq", "gemeentecode:0106") in fake.requests[0][1]


def test_nothing_found_gives_none_and_an_empty_list(fake):
    assert geocoding.lookup_address("9401AB", "1") is None
    assert geocoding.search("nergens") == []


def test_it_is_off_without_a_url(settings):
    settings.LOCATIESERVER_URL = ""
    assert not geocoding.is_enabled()
    assert geocoding.lookup_address("9401AB", "1") is None
    assert geocoding.search("brink") == []


def test_an_unreachable_server_gives_none_and_an_empty_list_quickly(settings):
    settings.LOCATIESERVER_URL = unreachable_url()
    started = time.monotonic()
    assert geocoding.lookup_address("9401AB", "1") is None
    assert geocoding.search("brink") == []
    assert time.monotonic() - started < 2 * geocoding.TIMEOUT_SECONDS


@pytest.mark.parametrize("status", [404, 500])
def test_an_error_status_gives_none(fake, status):
    fake.answer_address(6.56, 52.99)
    fake.status = status
    assert geocoding.lookup_address("9401AB", "1") is None


def test_malformed_input_is_not_sent(fake):
    assert geocoding.lookup_address("94O1AB", "1") is None
    assert geocoding.lookup_address("9401AB", "1; drop") is None
    assert fake.requests == []
