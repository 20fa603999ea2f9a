"""The map page's cached parts (maps/pagecache.py): a committed change to an area or a
category shows on the next view, and nothing of one visitor reaches another."""

import json
import re

import pytest

from maps.models import Area
from participatie.pins.models import Category
from tests.participatie.factories import UserFactory

pytestmark = pytest.mark.django_db


def config(response) -> dict:
    found = re.search(
        r'<script id="map-config" type="application/json">(.*?)</script>', response.text
    )
    return json.loads(found.group(1))


def test_a_renamed_category_shows_on_the_next_view(api, django_capture_on_commit_callbacks):
    first = api.get("/")
    assert first.status_code == 200
    category = Category.objects.shown_publicly().order_by("slug").first()
    assert config(first)["pins"]["categories"][category.slug] == category.name
    assert f">{category.name}<" in first.text  # the filter form's choice
    assert api.get("/").text.count(category.name) == first.text.count(category.name)

    category.name = "Bankjes en prullenbakken"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # as if committed
        category.save()
    assert callbacks  # the purge waits for the commit
    again = api.get("/")
    assert config(again)["pins"]["categories"][category.slug] == "Bankjes en prullenbakken"
    assert ">Bankjes en prullenbakken<" in again.text


def test_a_renamed_district_shows_on_the_next_view(api, django_capture_on_commit_callbacks):
    api.get("/")
    district = Area.objects.districts().order_by("code").first()
    district.name = "Wijk Zonder Weerga"
    with django_capture_on_commit_callbacks(execute=True):
        district.save()
    page = api.get("/")
    labels = {label["name"] for label in config(page)["districtLabels"]}
    assert "Wijk Zonder Weerga" in labels
    assert 'label="Wijk Zonder Weerga"' in page.text  # the area filter's group


def test_the_cached_page_keeps_each_visitors_own_header_and_token(api, signed_in):
    anonymous = api.get("/")
    resident = signed_in(UserFactory())
    own = resident.get("/")
    assert api.get("/").status_code == own.status_code == 200
    my_reports = "/meldingen/mijn/"
    assert my_reports in own.text and my_reports not in anonymous.text
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        for page in (anonymous, own, resident.get("/"))
    ]
    assert len(set(tokens)) == 3  # masked afresh for every answer, never cached


def test_a_filtered_map_renders_its_own_form(api):
    api.get("/")  # the plain page in the cache
    page = api.get("/?kind=idea")
    assert re.search(r'<input[^>]*value="idea"[^>]*checked', page.text)
    assert not re.search(r'<input[^>]*value="complaint"[^>]*checked', page.text)
    plain = api.get("/")
    assert re.search(r'<input[^>]*value="complaint"[^>]*checked', plain.text)
