"""The designers' pages in Chromium: the street drawn on the map, a drawing placed on it by
dragging its corners, design features drawn with their kind, and every designer page free
of serious accessibility violations. Screenshots land in test-output/."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.utils import timezone

from maps.models import Area
from participatie.voting.models import DesignOption, RedesignProject
from tests.e2e.browser import screenshot, serious_accessibility_violations
from tests.participatie.factories import DesignerFactory, image_bytes
from tests.participatie.voting.factories import ProjectFactory, options_of


@pytest.fixture
def designer(site):
    return DesignerFactory()


def no_serious_violations(page):
    serious = serious_accessibility_violations(page)
    assert not serious, "\n".join(serious)


def test_a_designer_draws_the_street_and_creates_a_draft(pages, designer, request):
    page = pages.open("/ontwerpen/nieuw/", user=designer)
    page.wait_for_selector("#project-map[data-loaded=true]")
    no_serious_violations(page)

    page.click("#draw-street-line")
    page.locator("#project-map").scroll_into_view_if_needed()
    box = page.locator("#project-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(cx - 80, cy)
    page.mouse.click(cx + 80, cy + 10)
    page.click("#draw-finish")
    page.wait_for_function("document.querySelector('#id_geom').value.includes('LineString')")
    street = json.loads(page.input_value("#id_geom"))
    assert street["type"] == "LineString" and len(street["coordinates"]) == 2

    hood = Area.objects.neighbourhoods().containing(GEOSGeometry(json.dumps(street)).centroid)
    hood = hood.first() or Area.objects.neighbourhoods().order_by("code").first()
    page.fill("#id_title", "Nieuwe Brink")
    page.fill("#id_description", "Hoe wordt de Brink na de werkzaamheden?")
    page.check(f"input[name=eligible_areas][value={hood.code}]")
    now = timezone.localtime()
    page.fill("#id_voting_opens_at", (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_voting_closes_at", (now + dt.timedelta(days=21)).strftime("%Y-%m-%dT%H:%M"))
    screenshot(page, request, "form")
    page.click("#project-form button[type=submit]")
    page.wait_for_selector("h1:has-text('Nieuwe Brink')")

    project = RedesignProject.objects.get(title="Nieuwe Brink")
    assert project.geom.geom_type == "LineString"
    flat = [n for corner in project.geom.coords for n in corner]
    assert flat == pytest.approx([n for c in street["coordinates"] for n in c], abs=1e-6)
    assert list(project.eligible_areas.values_list("code", flat=True)) == [hood.code]
    no_serious_violations(page)


def test_a_designer_places_a_drawing_and_draws_features(pages, designer, request, tmp_path):
    project = ProjectFactory(phase="draft", created_by=designer, options=0)
    drawing = tmp_path / "ontwerp.png"
    drawing.write_bytes(image_bytes("PNG", size=(600, 300)))

    page = pages.open(f"/ontwerpen/{project.pk}/opties/nieuw/", user=designer)
    page.wait_for_selector("#option-map[data-loaded=true]")
    no_serious_violations(page)
    page.fill("#id_title", "Groene straat")
    page.fill("#id_description", "Bomen aan beide kanten, parkeren aan één kant.")
    page.set_input_files("#id_overlay", str(drawing))
    page.wait_for_selector("#option-map[data-drawing=placed]")
    fitted = json.loads(page.input_value("#id_overlay_corners"))
    assert len(fitted) == 4

    # Drag the top-right corner 40 pixels to the right: only that corner moves east.
    handle = page.locator("#option-map .drawing-corner--1")
    handle.wait_for()
    page.locator("#option-map").scroll_into_view_if_needed()
    hb = handle.bounding_box()
    before = page.input_value("#id_overlay_corners")
    page.mouse.move(hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
    page.mouse.down()
    page.mouse.move(hb["x"] + hb["width"] / 2 + 40, hb["y"] + hb["height"] / 2, steps=5)
    page.mouse.up()
    page.wait_for_function(
        "(before) => document.querySelector('#id_overlay_corners').value !== before",
        arg=before,
    )
    moved = json.loads(page.input_value("#id_overlay_corners"))
    assert moved[1][0] > fitted[1][0]
    assert moved[0] == fitted[0] and moved[2] == fitted[2] and moved[3] == fitted[3]

    # A tree: choose the kind, press "Add a point", click the street.
    page.select_option("#feature-kind", "tree")
    page.click("#feature-tools [data-draw=Marker]")
    street = page.locator("#option-map path.street-line").bounding_box()
    x, y = street["x"] + street["width"] / 2, street["y"] + street["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_selector("#feature-list li")
    features = json.loads(page.input_value("#id_features"))
    assert [f["properties"]["kind"] for f in features["features"]] == ["tree"]
    screenshot(page, request, "option")
    page.click("#option-form button[type=submit]")
    page.wait_for_selector("h1:has-text('Groene straat')")

    option = DesignOption.objects.get(project=project)
    stored = [n for corner in option.overlay_corners for n in corner]
    assert stored == pytest.approx([n for corner in moved for n in corner], abs=1e-7)
    assert option.feature_kinds == ["tree"]
    assert option.features[0].distance(project.geom) < 0.0002
    no_serious_violations(page)


@pytest.mark.parametrize(
    "name, phase, path",
    [
        ("list", "draft", "/ontwerpen/"),
        ("project", "voting", "/ontwerpen/{pk}/"),
        ("edit while voting", "voting", "/ontwerpen/{pk}/bewerken/"),
        ("preview", "draft", "/ontwerpen/{pk}/voorbeeld/"),
        ("correction", "voting", "/ontwerpen/{pk}/opties/{option}/corrigeren/"),
        ("codes", "voting", "/ontwerpen/{pk}/stemcodes/"),
        ("close", "voting", "/ontwerpen/{pk}/sluiten/"),
        ("result", "closed", "/ontwerpen/{pk}/uitslag/"),
    ],
)
def test_the_designer_page_has_no_serious_accessibility_violations(
    pages, designer, name, phase, path
):
    project = ProjectFactory(phase=phase, created_by=designer)
    option = options_of(project)[0]
    page = pages.open(path.format(pk=project.pk, option=option.pk), user=designer)
    for selector in ("#project-map", "#option-map", "#preview-map"):
        if page.locator(selector).count():
            page.wait_for_selector(f"{selector}[data-loaded=true]")
    no_serious_violations(page)


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until `selector` has the focus (a keyboard user's way there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with Tab")


def test_a_designer_adds_an_option_with_features_by_keyboard_only(pages, designer):
    project = ProjectFactory(phase="draft", created_by=designer, options=0)
    x, y = project.geom.coords[0]
    features = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [x, y]},
                "properties": {"kind": "bench"},
            }
        ],
    }
    page = pages.open(f"/ontwerpen/{project.pk}/opties/nieuw/", user=designer)
    page.wait_for_selector("#option-map[data-loaded=true]")
    tab_to(page, "#id_title")
    page.keyboard.type("Bankjes")
    page.keyboard.press("Tab")
    page.keyboard.type("Twee bankjes bij de ingang.")
    tab_to(page, "#features-field summary")
    page.keyboard.press("Enter")  # opens "Without the map: the features as GeoJSON"
    tab_to(page, "#id_features")
    page.keyboard.type(json.dumps(features))
    tab_to(page, "#option-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Bankjes')")

    option = DesignOption.objects.get(project=project)
    assert option.feature_kinds == ["bench"]
    assert option.features[0].coords == pytest.approx((x, y))
