"""A redesign vote from start to finish in Chromium.

A designer draws the street, makes two options (one with its drawing placed on the street
by dragging a corner) and publishes with voting open; an eligible resident compares the
options (switching, and side by side with the divider) and votes, all by keyboard; a
resident of another neighbourhood is told why they cannot vote; a household votes with the
code from its letter, without an account; the designer closes the vote and publishes the
result, which residents then see on the project page and the map. Every residents' page
is checked with axe-core. Screenshots land in test-output/.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from maps.models import Area
from participatie.voting.models import Ballot, DesignOption, RedesignProject
from tests.e2e.browser import (
    OUTPUT,
    screenshot,
    serious_accessibility_violations,
    wait_for_map,
)
from tests.participatie.factories import DesignerFactory, UserFactory, image_bytes
from tests.participatie.voting.factories import (
    ProjectFactory,
    neighbourhood,
    options_of,
    phase_set,
    resident_of,
)

RECEIPT = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def designer(site):
    return DesignerFactory(display_name="Ontwerper Gemeente")


def no_serious_violations(page, where: str = ""):
    serious = serious_accessibility_violations(page)
    assert not serious, f"{where}:\n" + "\n".join(serious)


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def press_until(page, key: str, condition: str, *, limit: int = 30) -> None:
    """Press `key` until the JavaScript `condition` holds (Tab until focus arrives)."""
    for _ in range(limit):
        if page.evaluate(condition):
            return
        page.keyboard.press(key)
    assert page.evaluate(condition), f"{condition} after {limit}× {key}"


# --- the designer -----------------------------------------------------------------------


def designer_creates_the_project(pages, designer, request) -> RedesignProject:
    page = pages.open("/ontwerpen/nieuw/", user=designer, locale="en-GB")
    page.wait_for_selector("#project-map[data-loaded=true]")
    no_serious_violations(page, "new project")
    page.click("#draw-street-line")
    page.locator("#project-map").scroll_into_view_if_needed()
    box = page.locator("#project-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(cx - 90, cy + 5)
    page.mouse.click(cx + 90, cy - 5)
    page.click("#draw-finish")
    page.wait_for_function("document.querySelector('#id_geom').value.includes('LineString')")
    street = GEOSGeometry(page.input_value("#id_geom"), srid=4326)
    hood = Area.objects.neighbourhoods().containing(street.centroid).get()

    page.fill("#id_title", "Herinrichting Kerkstraat")
    page.fill("#id_description", "Hoe wordt de Kerkstraat na de rioolvervanging?")
    page.check(f"input[name=eligible_areas][value={hood.code}]")
    now = timezone.now()
    # Opening in the past: publishing opens the vote at once.
    page.fill("#id_voting_opens_at", local(now - dt.timedelta(minutes=2)))
    page.fill("#id_voting_closes_at", local(now + dt.timedelta(days=14)))
    page.check("input[name=eligibility][value=residents]")
    screenshot(page, request, "1-designer-project-form")
    page.click("#project-form button[type=submit]")
    page.wait_for_selector("h1:has-text('Herinrichting Kerkstraat')")
    project = RedesignProject.objects.get(title="Herinrichting Kerkstraat")
    assert project.geom.geom_type == "LineString"
    assert project.geom.equals_exact(street, tolerance=1e-7)
    assert project.eligibility == "residents" and project.phase == "draft"
    return project


def designer_adds_an_option_with_a_drawing(pages, designer, project, request, tmp_path):
    drawing = tmp_path / "groene-straat.png"
    drawing.write_bytes(image_bytes("PNG", size=(800, 200)))
    page = pages.open(f"/ontwerpen/{project.pk}/opties/nieuw/", user=designer, locale="en-GB")
    page.wait_for_selector("#option-map[data-loaded=true]")
    no_serious_violations(page, "new option")
    page.fill("#id_title", "Groene straat")
    page.fill("#id_description", "Bomen aan beide kanten en parkeren aan één kant.")
    page.set_input_files("#id_overlay", str(drawing))
    page.wait_for_selector("#option-map[data-drawing=placed]")
    fitted = json.loads(page.input_value("#id_overlay_corners"))
    # Fit it to the street: drag the bottom-right corner 30 pixels to the left.
    handle = page.locator("#option-map .drawing-corner--3")
    page.locator("#option-map").scroll_into_view_if_needed()
    hb = handle.bounding_box()
    x, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 30, y, steps=5)
    page.mouse.up()
    page.wait_for_function(
        "(before) => document.querySelector('#id_overlay_corners').value !== before",
        arg=json.dumps(fitted),
    )
    placed = json.loads(page.input_value("#id_overlay_corners"))
    assert placed[3][0] < fitted[3][0] and placed[:3] == fitted[:3]
    screenshot(page, request, "2-designer-drawing-placed")
    page.click("#option-form button[type=submit]")
    page.wait_for_selector("h1:has-text('Groene straat')")
    option = DesignOption.objects.get(project=project, title="Groene straat")
    assert option.overlay
    stored = [n for corner in option.overlay_corners for n in corner]
    assert stored == pytest.approx([n for corner in placed for n in corner], abs=1e-7)
    return option


def designer_adds_a_plain_option(pages, designer, project):
    page = pages.open(f"/ontwerpen/{project.pk}/opties/nieuw/", user=designer, locale="en-GB")
    page.wait_for_selector("#option-map[data-loaded=true]")
    page.fill("#id_title", "Parkeerstraat")
    page.fill("#id_description", "Parkeervakken aan beide kanten, weinig groen.")
    page.click("#option-form button[type=submit]")
    page.wait_for_selector("h1:has-text('Parkeerstraat')")
    return DesignOption.objects.get(project=project, title="Parkeerstraat")


def designer_publishes(pages, designer, project, request):
    page = pages.open(f"/ontwerpen/{project.pk}/voorbeeld/", user=designer, locale="en-GB")
    page.wait_for_selector("#preview-map[data-loaded=true]")
    no_serious_violations(page, "preview")
    screenshot(page, request, "3-designer-preview")
    page.click(f"form[action='/ontwerpen/{project.pk}/publiceren/'] button[type=submit]")
    page.wait_for_selector("text=The project is published")
    project.refresh_from_db()
    assert project.phase == "voting"


# --- the residents ----------------------------------------------------------------------


def shown_overlays(page) -> int:
    return page.locator("#redesign-map img.corner-image").count()


def resident_compares_and_votes_by_keyboard(pages, voter, project, options, request) -> str:
    drawn, plain = options
    page = pages.open(f"/herinrichting/{project.slug}/", user=voter)
    page.wait_for_selector("#redesign-map[data-loaded=true]")
    no_serious_violations(page, "project page, voting")
    # Design A (with the drawing) is shown first: its drawing lies on the street.
    assert page.get_attribute("#redesign-map", "data-shown") == str(drawn.pk)
    assert shown_overlays(page) == 1
    screenshot(page, request, "4-resident-design-a")

    # Switch with the keyboard: focus the first radio button, arrow down to design B.
    page.focus(f"#shown-option-{drawn.pk}")
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        f"document.querySelector('#redesign-map').dataset.shown === '{plain.pk}'"
    )
    assert shown_overlays(page) == 0
    assert "Parkeerstraat" in page.inner_text("#redesign-map-status")

    # Side by side: the toggle with Enter, then the divider with the arrow keys.
    page.focus("#sbs-toggle")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelector('#redesign-map').dataset.shown === '{drawn.pk}|{plain.pk}'"
    )
    assert page.get_attribute("#sbs-toggle", "aria-pressed") == "true"
    divider = page.locator("#redesign-map input[type=range]")
    before = float(divider.input_value())
    divider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    assert float(divider.input_value()) == pytest.approx(before - 0.1, abs=1e-6)
    assert shown_overlays(page) == 1  # design A's drawing on its side of the divider
    screenshot(page, request, "5-resident-side-by-side")
    page.focus("#sbs-toggle")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelector('#redesign-map').dataset.shown === '{plain.pk}'"
    )

    # Vote by keyboard: the first choice (design A), then Tab to the button and Enter.
    page.focus("input[name=choices] >> nth=0")
    page.keyboard.press("Space")
    assert page.is_checked(f"input[name=choices][value='{drawn.pk}']")
    press_until(page, "Tab", "document.activeElement.matches('.vote-form button[type=submit]')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#receipt")
    no_serious_violations(page, "vote received")
    screenshot(page, request, "6-resident-vote-received")
    assert "Groene straat" in page.inner_text(".vote-received__choices")
    receipt = RECEIPT.search(page.inner_text("#receipt")).group(0)

    # The receipt says the vote is counted, and as what.
    page.goto(f"/herinrichting/{project.slug}/bon/")
    no_serious_violations(page, "receipt page")
    page.fill("input[name=receipt]", receipt.lower())
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Groene straat")
    screenshot(page, request, "7-resident-receipt-checked")
    return receipt


def ineligible_resident_is_told_why(pages, outsider, project, request):
    page = pages.open(f"/herinrichting/{project.slug}/", user=outsider)
    page.wait_for_selector("#redesign-map[data-loaded=true]")
    reason = page.inner_text("#not-eligible")
    hood = project.eligible_areas.get()
    assert hood.name in reason and outsider.home_neighbourhood.name in reason
    assert page.locator(".vote-form").count() == 0
    no_serious_violations(page, "not eligible")
    screenshot(page, request, "8-resident-not-eligible")


def designer_closes_and_publishes(pages, designer, project, request):
    page = pages.open(f"/ontwerpen/{project.pk}/sluiten/", user=designer, locale="en-GB")
    no_serious_violations(page, "close voting")
    page.click("form.form-actions button[type=submit]")
    page.wait_for_selector("text=Voting is closed")
    project.refresh_from_db()
    assert project.phase == "closed"
    no_serious_violations(page, "result before publishing")
    page.click(f"form[action='/ontwerpen/{project.pk}/uitslag/publiceren/'] button")
    page.wait_for_selector("text=The result is published")
    screenshot(page, request, "9-designer-result-published")
    project.refresh_from_db()
    assert project.phase == "result"


def residents_see_the_result(pages, voter, project, drawn, request):
    page = pages.open(f"/herinrichting/{project.slug}/", user=voter)
    page.wait_for_selector("#redesign-map[data-loaded=true]")
    result = page.locator("#result")
    result.wait_for()
    text = result.inner_text()
    # One ballot, for design A: 1 vote, 100%.
    assert re.search(r"Groene straat\s+1\s+100(,0)?\s*%", text), text
    no_serious_violations(page, "project page, result")
    screenshot(page, request, "10-resident-result")

    page = pages.open("/", user=voter)
    wait_for_map(page)
    outline = page.locator("path.redesign-outline--result")
    outline.first.wait_for()
    assert page.get_by_text("Herinrichting Kerkstraat").count() >= 1
    popup = page.locator(".leaflet-popup-content")
    # Leaflet drops a click that lands while the map is still settling (the layer's first
    # answer, a zoom animation on a loaded machine): a resident clicks again, so does this.
    for _ in range(3):
        outline.first.click(force=True)
        try:
            popup.wait_for(timeout=4000)
            break
        except PlaywrightTimeoutError:
            continue
    popup.wait_for()
    # The popup names the project and the design with the most votes.
    assert "Herinrichting Kerkstraat" in popup.inner_text()
    assert drawn.title in popup.inner_text()
    OUTPUT.mkdir(exist_ok=True)  # the map page itself, not its (very long) full length
    page.screenshot(path=OUTPUT / f"{request.node.name}-11-map-result.png", animations="disabled")


def test_from_the_drawn_street_to_the_published_result(pages, designer, request, tmp_path):
    project = designer_creates_the_project(pages, designer, request)
    drawn = designer_adds_an_option_with_a_drawing(pages, designer, project, request, tmp_path)
    plain = designer_adds_a_plain_option(pages, designer, project)
    designer_publishes(pages, designer, project, request)

    hood = project.eligible_areas.get()
    voter = resident_of(hood, display_name="Bewoner Kerkstraat")
    receipt = resident_compares_and_votes_by_keyboard(
        pages, voter, project, (drawn, plain), request
    )
    assert list(Ballot.objects.filter(project=project).values_list("choices", flat=True)) == [
        [drawn.pk]
    ]

    elsewhere = Area.objects.neighbourhoods().exclude(pk=hood.pk).order_by("code").first()
    ineligible_resident_is_told_why(pages, resident_of(elsewhere), project, request)

    designer_closes_and_publishes(pages, designer, project, request)
    residents_see_the_result(pages, voter, project, drawn, request)
    assert RECEIPT.fullmatch(receipt)


def test_a_household_votes_with_the_code_from_its_letter(pages, designer, request):
    project = ProjectFactory(created_by=designer, hood=neighbourhood(index=0))
    first, second = options_of(project)

    # The designer makes the letters' codes: a CSV download, the only copy of the codes.
    page = pages.open(f"/ontwerpen/{project.pk}/stemcodes/", user=designer, locale="en-GB")
    no_serious_violations(page, "codes page")
    page.fill("textarea[name=addresses]", "Kerkstraat 1, Assen\nKerkstraat 3, Assen")
    with page.expect_download() as download:
        page.click("form.designer-form button[type=submit]")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    codes = [row[-1] for row in rows[1:] if row and RECEIPT.fullmatch(row[-1])]
    assert len(codes) == 2

    # A household with the first letter votes without an account.
    page = pages.open(f"/herinrichting/{project.slug}/")
    page.wait_for_selector("#redesign-map[data-loaded=true]")
    no_serious_violations(page, "code vote page")
    page.check(f"input[name=choices][value='{second.pk}']")
    page.fill("input[name=code]", codes[0].lower().replace("-", " "))
    screenshot(page, request, "code-vote")
    page.click(".vote-form button[type=submit]")
    page.wait_for_selector("#receipt")
    assert page.inner_text(".vote-received__choices").strip() == second.title
    screenshot(page, request, "code-vote-received")
    assert list(Ballot.objects.filter(project=project).values_list("choices", flat=True)) == [
        [second.pk]
    ]

    # The same letter again: refused, and the page says why.
    page = pages.open(f"/herinrichting/{project.slug}/")
    page.check(f"input[name=choices][value='{first.pk}']")
    page.fill("input[name=code]", codes[0])
    page.click(".vote-form button[type=submit]")
    summary = page.locator("#vote-errors")
    summary.wait_for()
    assert "Met deze stemcode is al gestemd." in summary.inner_text()
    no_serious_violations(page, "used code")
    assert Ballot.objects.filter(project=project).count() == 1


@pytest.mark.parametrize(
    "name, phase, path",
    [
        ("list", "voting", "/herinrichting/"),
        ("consultation", "consultation", "/herinrichting/{slug}/"),
        ("closed", "closed", "/herinrichting/{slug}/"),
        ("result", "result", "/herinrichting/{slug}/"),
        ("receipt", "voting", "/herinrichting/{slug}/bon/"),
    ],
)
def test_the_residents_page_has_no_serious_accessibility_violations(pages, name, phase, path):
    project = ProjectFactory(phase="voting")
    phase_set(project, phase)
    page = pages.open(path.format(slug=project.slug), user=UserFactory())
    if page.locator("#redesign-map").count():
        page.wait_for_selector("#redesign-map[data-loaded=true]")
    no_serious_violations(page, name)


def test_the_demo_vote_shows_its_drawings_and_the_demo_resident_may_vote(pages, request):
    """What `make run` shows: the demo project, voting open, its drawings on the street."""
    from django.core.management import call_command

    DesignerFactory(username="ontwerper")
    call_command("load_demo_votes", stdout=io.StringIO())
    project = RedesignProject.objects.get(is_demo=True)
    home = Area.objects.neighbourhoods().filter(parent__is_priority=True).order_by("code")[0]
    page = pages.open(f"/herinrichting/{project.slug}/", user=resident_of(home))
    page.wait_for_selector("#redesign-map[data-loaded=true]")
    assert shown_overlays(page) == 1
    assert page.locator("#redesign-map .design-symbol").count() > 5
    assert page.locator(".vote-form input[name=choices]").count() == 3
    no_serious_violations(page, "demo project")
    screenshot(page, request)
