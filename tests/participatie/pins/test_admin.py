"""The admin goes through the services: status changes land in the public history."""

import json
import math
import re
from html import unescape

import pytest
from django.urls import reverse

from participatie.pins.models import Pin
from tests.participatie.accounts.otp import login_staff
from tests.participatie.factories import AdminFactory, pin_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    login_staff(client, AdminFactory(is_superuser=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """EPSG:3857 from WGS84 degrees, the spherical formula of the projection itself."""
    radius = 6_378_137.0
    x = radius * math.radians(lon)
    y = radius * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return x, y


def test_the_admin_pages_open_and_the_map_widget_gets_the_location(admin_client, resident):
    pin = pin_create(resident)
    for name in ["pin", "category", "comment", "report"]:
        response = admin_client.get(reverse(f"admin:pins_{name}_changelist"))
        assert response.status_code == 200, name
    page = admin_client.get(reverse("admin:pins_pin_change", args=[pin.pk]))
    assert page.status_code == 200
    html = page.content.decode()

    # The OpenLayers widget reads the location from its textarea, in Web Mercator.
    serialized = re.search(r'<textarea id="id_geom"[^>]*>([^<]+)</textarea>', html).group(1)
    shown = json.loads(unescape(serialized))
    assert shown["type"] == "Point"
    expected = _mercator(pin.geom.x, pin.geom.y)
    assert shown["coordinates"] == pytest.approx(expected, abs=0.01)

    # OpenLayers comes from our own static files, and every one of them is there.
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert any("/static/dist/vendor/ol/ol." in url and url.endswith(".js") for url in assets)
    assert any("/static/dist/vendor/ol/ol." in url and url.endswith(".css") for url in assets)
    for url in assets:
        assert url.startswith("/static/"), url
        assert admin_client.get(url).status_code == 200, url


def test_admin_actions_set_the_status_and_hide_with_a_reason(admin_client, resident):
    pin = pin_create(resident)
    url = reverse("admin:pins_pin_changelist")
    selected = {"_selected_action": [pin.pk], "index": 0}
    admin_client.post(
        url, selected | {"action": "set_status", "status": "planned", "reason": "In mei"}
    )
    pin.refresh_from_db()
    assert (pin.status, pin.status_reason) == ("planned", "In mei")
    assert pin.status_changes.last().to_status == "planned"
    response = admin_client.post(url, selected | {"action": "hide", "reason": ""}, follow=True)
    assert "may not be blank" in response.content.decode()
    admin_client.post(url, selected | {"action": "hide", "reason": "Noemt een naam"})
    pin.refresh_from_db()
    assert pin.is_hidden and pin.hidden_reason == "Noemt een naam"
    admin_client.post(url, selected | {"action": "restore"})
    assert not Pin.objects.get(pk=pin.pk).is_hidden


def test_editing_a_pin_in_the_admin_keeps_it_inside_the_municipality(admin_client, resident):
    pin = pin_create(resident)
    url = reverse("admin:pins_pin_change", args=[pin.pk])
    data = {
        "kind": pin.kind,
        "category": pin.category_id,
        "title": "Gecorrigeerde titel",
        "description": pin.description,
        "geom": "SRID=4326;POINT(5.0 52.0)",
        "photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0,
        "status_changes-TOTAL_FORMS": 1, "status_changes-INITIAL_FORMS": 1,
        "status_changes-0-id": pin.status_changes.get().pk, "status_changes-0-pin": pin.pk,
    }  # fmt: skip
    response = admin_client.post(url, data, follow=True)
    assert "outside the municipality" in response.content.decode()
    pin.refresh_from_db()
    assert pin.title != "Gecorrigeerde titel"
    data["geom"] = f"SRID=4326;{pin.geom.wkt}"
    admin_client.post(url, data)
    pin.refresh_from_db()
    assert pin.title == "Gecorrigeerde titel"
