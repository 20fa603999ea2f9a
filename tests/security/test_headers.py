"""Security headers: a Content-Security-Policy that lets no inline script run but the
request's own (nonced) ones, HTTPS-only headers when served over HTTPS, `check --deploy`
clean with production settings, and no source maps published."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.crypto import get_random_string

from maps.models import Playground
from participatie.pins.models import Pin
from tests.participatie.factories import (
    AdminFactory,
    DesignerFactory,
    StaffFactory,
    UserFactory,
)
from tests.participatie.voting.factories import ProjectFactory
from tests.production.conftest import (  # noqa: F401 (fixtures of the production tier)
    database_url,
    production,
    reference_data,
    start_server,
)
from tests.production.test_https import proxy_session

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_only_nonced_inline_scripts(response) -> int:
    """script-src allows this site and the nonce, nothing inline; every inline script of
    the page carries the nonce (else the browser refuses it), and no element has an event
    handler attribute. Returns how many inline scripts the page has."""
    directives = policy(response)
    script_src = directives.get("script-src", directives["default-src"])
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'self'" in script_src
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    nonces = {v[len("'nonce-") : -1] for v in script_src if v.startswith("'nonce-")}
    html = response.text
    inline = 0
    for attributes, body in SCRIPT.findall(html):
        if "src=" in attributes or 'type="application/json"' in attributes or not body.strip():
            continue
        inline += 1
        nonce = re.search(r'nonce="([^"]+)"', attributes)
        assert nonce and nonce.group(1) in nonces, f"inline script without the nonce: {body[:200]}"
    assert not EVENT_ATTRIBUTE.search(html), EVENT_ATTRIBUTE.search(html).group(0)
    return inline


@pytest.fixture
def public_pin():
    return Pin.objects.public().order_by("pk").first()


def test_every_kind_of_page_has_a_policy_without_inline_script(api, signed_in, public_pin):
    resident = signed_in(UserFactory())
    staff = signed_in(StaffFactory())
    designer = DesignerFactory()
    project = ProjectFactory(phase="draft", created_by=designer)
    as_designer = signed_in(designer)
    admin = signed_in(AdminFactory(is_superuser=True))
    playground = Playground.objects.order_by("pk").first()
    pages = [
        (api, "/"),
        (api, "/gebieden/"),
        (api, public_pin.get_absolute_url()),
        (api, "/herinrichting/"),
        (resident, "/meldingen/nieuw/"),
        (resident, "/account/"),
        (staff, "/werkruimte/"),
        (as_designer, "/ontwerpen/"),
        (as_designer, f"/ontwerpen/{project.pk}/bewerken/"),
        (as_designer, f"/ontwerpen/{project.pk}/voorbeeld/"),
        (admin, "/admin/maps/playground/"),
        (admin, f"/admin/maps/playground/{playground.pk}/change/"),
        (admin, "/admin/maps/area/add/"),
        (api, "/api/docs/"),
    ]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_only_nonced_inline_scripts(response)


def test_the_admin_map_widget_starts_from_json_options_and_a_script_file(signed_in):
    admin = signed_in(AdminFactory(is_superuser=True))
    playground = Playground.objects.order_by("pk").first()
    page = admin.get(f"/admin/maps/playground/{playground.pk}/change/")
    assert assert_only_nonced_inline_scripts(page) == 0
    assert 'type="application/json">{"module": "geodjango_' in page.text
    assert staticfiles_storage.url("maps/mapwidget.js") in page.text


def test_swagger_ui_loads_its_start_script_as_a_file(api):
    page = api.get("/api/docs/")
    assert assert_only_nonced_inline_scripts(page) == 0
    start = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page.text)
    assert start, page.text[-800:]
    script = api.get(start.group(1).replace("&amp;", "&"))
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.text


def test_the_area_report_runs_its_folium_map_by_the_nonce(signed_in):
    staff = signed_in(StaffFactory())
    page = staff.get("/werkruimte/export/rapport/")
    assert page.status_code == 200
    # folium's map script and the print button's: both inline, both with the nonce.
    assert assert_only_nonced_inline_scripts(page) == 2
    assert "L.map(" in page.text
    # A new nonce per response.
    again = staff.get("/werkruimte/export/rapport/")
    assert policy(again)["script-src"] != policy(page)["script-src"]


def test_the_tile_server_of_the_base_map_may_serve_images():
    from participatie.headers import tile_origin

    assert (
        tile_origin(settings.BASEMAP_URL)
        in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    )
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert tile_origin("") is None


# --- over HTTPS ------------------------------------------------------------------------


@pytest.mark.django_db
def test_hsts_and_the_https_redirect_only_with_the_tls_settings(start_server, production):  # noqa: F811
    https = {"Host": "mijnbuurt.example.org", "X-Forwarded-Proto": "https"}
    proxy = proxy_session()

    # By default the proxy's header is not believed: no HSTS, whatever it says.
    plain = proxy.get(production.url + "/", headers={"X-Forwarded-Proto": "https"}, timeout=30)
    assert plain.status_code == 200
    assert "Strict-Transport-Security" not in plain.headers
    assert "Content-Security-Policy" in plain.headers

    server = start_server(
        SECURE_COOKIES="true", BEHIND_TLS_PROXY="true", ALLOWED_HOSTS="mijnbuurt.example.org"
    )
    secure = proxy.get(server.url + "/", headers=https, timeout=30)
    assert secure.status_code == 200
    hsts = secure.headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains"
    assert "'unsafe-inline'" not in policy(secure)["script-src"]
    # Plain HTTP through the proxy is sent to HTTPS, without HSTS (browsers ignore it there).
    redirected = proxy.get(
        server.url + "/gebieden/",
        headers={"Host": "mijnbuurt.example.org"},
        allow_redirects=False,
        timeout=30,
    )
    assert redirected.status_code == 301
    assert redirected.headers["Location"] == "https://mijnbuurt.example.org/gebieden/"
    assert "Strict-Transport-Security" not in redirected.headers


def test_check_deploy_is_clean_with_production_settings():
    env = {
        name: os.environ[name]
        for name in ("PATH", "HOME", "LANG", "GDAL_LIBRARY_PATH", "GEOS_LIBRARY_PATH")
        if name in os.environ
    }
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": get_random_string(64),
        "REQUIRE_SECRET_KEY": "true",
        "SECURE_COOKIES": "true",
        "BEHIND_TLS_PROXY": "true",
        "ALLOWED_HOSTS": "mijnbuurt.example.org",
        "DATABASE_URL": "postgres://participatie@127.0.0.1:1/unused",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout
    assert "WARNING" not in run.stderr


def test_without_the_tls_settings_check_deploy_names_the_missing_headers():
    """The clean run above is not a check that says nothing: without them it complains."""
    env = {
        name: os.environ[name]
        for name in ("PATH", "HOME", "LANG", "GDAL_LIBRARY_PATH", "GEOS_LIBRARY_PATH")
        if name in os.environ
    }
    env |= {"SECRET_KEY": get_random_string(64), "DATABASE_URL": "postgres://x@127.0.0.1:1/x"}
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in run.stderr


# --- source maps ------------------------------------------------------------------------


def test_no_source_map_is_collected_or_named():
    static_root = Path(settings.STATIC_ROOT)
    collected = [p for p in static_root.rglob("*") if p.is_file()]
    assert any(p.suffix == ".js" for p in collected)
    assert not [p for p in collected if p.name.endswith((".map", ".map.gz", ".map.br"))]
    # The source folders do have them (development): the collection left them out.
    assert list((ROOT / "frontend" / "static" / "dist").glob("*.js.map"))
    for name in ("dist/map.js", "dist/vendor/ol/ol.js", "dist/vendor/leaflet/leaflet.js"):
        hashed = static_root / staticfiles_storage.stored_name(name)
        assert "sourceMappingURL=" not in hashed.read_text(errors="replace"), name


@pytest.mark.django_db
def test_no_source_map_is_served_in_production(production):  # noqa: F811
    page = requests.get(production.url + "/", timeout=30)
    scripts = re.findall(r'<script[^>]+src="(/static/[^"]+\.js)"', page.text)
    assert any("/static/dist/map." in s for s in scripts)
    for script in scripts:
        body = requests.get(production.url + script, timeout=30)
        assert body.status_code == 200
        assert "sourceMappingURL=" not in body.text, script
    for path in (
        "/static/dist/map.js.map",
        "/static/dist/vendor/ol/ol.js.map",
        "/static/dist/vendor/leaflet/leaflet.js.map",
        "/static/" + staticfiles_storage.stored_name("dist/map.js") + ".map",
    ):
        assert requests.get(production.url + path, timeout=30).status_code == 404, path
