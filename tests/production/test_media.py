"""Uploaded photos are served by the site unless SERVE_MEDIA is switched off."""

import io

import pytest
import requests
from PIL import Image

pytestmark = pytest.mark.django_db

PHOTO = "pins/2026/ab/3f9c2e-photo.jpg"


def place_photo(server) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 60)).save(out, format="JPEG")
    target = server.media_root / PHOTO
    target.parent.mkdir(parents=True)
    target.write_bytes(out.getvalue())
    return out.getvalue()


def test_photos_are_served_by_default(production):
    photo = place_photo(production)
    response = requests.get(f"{production.url}/media/{PHOTO}", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.content == photo


def test_with_serve_media_off_the_site_leaves_photos_to_the_web_server(start_server):
    server = start_server(SERVE_MEDIA="false")
    place_photo(server)
    assert requests.get(f"{server.url}/media/{PHOTO}", timeout=30).status_code == 404
