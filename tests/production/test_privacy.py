"""A resident's data export as the production server sends it: gunicorn streams the zip
from its temporary file to the end, with no caching allowed."""

import io
import json
import zipfile

import pytest

from participatie.pins.models import Pin

pytestmark = pytest.mark.django_db


def test_the_data_export_arrives_whole_from_the_production_server(production, people):
    session = people.session(people.resident_cookies)
    response = session.get(f"{production.url}/account/mijn-gegevens.zip", timeout=60)
    assert response.status_code == 200, production.log_text()
    assert response.headers["Content-Type"] == "application/zip"
    assert "no-store" in response.headers["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    assert json.loads(archive.read("account.json"))["email"] == people.resident.email
    pins = json.loads(archive.read("pins.geojson"))
    assert pins["type"] == "FeatureCollection"
    mine = Pin.objects.filter(author=people.resident).values_list("public_id", flat=True)
    assert sorted(f["id"] for f in pins["features"]) == sorted(mine)


def test_the_data_export_needs_a_session(production, people):
    response = people.session().get(
        f"{production.url}/account/mijn-gegevens.zip", allow_redirects=False, timeout=30
    )
    assert response.status_code == 302
    assert "/account/inloggen/" in response.headers["Location"]
