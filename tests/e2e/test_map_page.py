"""The map page in a real browser, with the base map unreachable."""

import io
import re

from django.utils import translation
from PIL import Image

from maps.models import PlannedWork, Playground
from tests.e2e.browser import screenshot, wait_for_map


def toggle(page, layer):
    return page.get_by_role("checkbox", name=layer, exact=True)


def test_the_map_draws_the_ten_districts_with_their_names(pages, request):
    page = pages.open("/")
    wait_for_map(page)

    assert page.locator("#map path.area--district").count() == 10
    assert page.locator("#map path.area--priority").count() == 3
    labels = page.locator("#map .area-label").all_inner_texts()
    assert {"Lariks", "Assen-Oost", "Noorderpark", "Kloosterveen"} <= set(labels)
    assert page.get_by_role("region", name=re.compile("Kaart met wijken")).is_visible()
    # The base map was blocked, and the page says so instead of breaking.
    assert any("/{z}" not in url for url in pages.blocked)
    assert page.locator("#map-status").inner_text().startswith("De achtergrondkaart")
    screenshot(page, request)


def test_toggling_the_playgrounds_layer_adds_and_removes_its_markers(pages, request):
    page = pages.open("/")
    wait_for_map(page)
    markers = page.locator("#map img.marker--playground")
    expected = Playground.objects.count()
    assert expected > 0
    assert markers.count() == expected

    toggle(page, "Speelplekken").uncheck()
    assert markers.count() == 0

    toggle(page, "Speelplekken").check()
    page.wait_for_function(
        f"document.querySelectorAll('#map img.marker--playground').length == {expected}"
    )
    screenshot(page, request)


# A point on a planned work's outline that is not covered by anything else, in page
# coordinates; tried along each path until one is found.
FIND_CLICKABLE_WORK = """() => {
  for (const path of document.querySelectorAll('#map path.work')) {
    const length = path.getTotalLength();
    const matrix = path.getScreenCTM();
    for (const f of [0.5, 0.25, 0.75, 0.1, 0.9]) {
      const p = path.getPointAtLength(length * f).matrixTransform(matrix);
      if (p.x < 0 || p.y < 0 || p.x > innerWidth || p.y > innerHeight) continue;
      if (document.elementFromPoint(p.x, p.y) === path) return {x: p.x, y: p.y};
    }
  }
  return null;
}"""


# Points spread along the focus outline that nothing else covers, in page coordinates.
POINTS_ON_FOCUS_OUTLINE = """() => {
  const path = document.querySelector('#map path.area--focus');
  const length = path.getTotalLength();
  const matrix = path.getScreenCTM();
  const points = [];
  for (let i = 0; i < 12; i++) {
    const p = path.getPointAtLength((length * i) / 12).matrixTransform(matrix);
    const top = document.elementFromPoint(p.x, p.y);
    if (top && top.tagName === 'path') points.push({x: p.x, y: p.y});
  }
  return points;
}"""


def darkest_pixel_near(page, point, radius=4):
    """The lowest grey value on screen around a point (the outline is near-black)."""
    clip = {
        "x": point["x"] - radius,
        "y": point["y"] - radius,
        "width": 2 * radius,
        "height": 2 * radius,
    }
    image = Image.open(io.BytesIO(page.screenshot(clip=clip, animations="disabled")))
    return image.convert("L").getextrema()[0]


def open_popup_title(page):
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    return popup, popup.locator("h2").inner_text()


def work_named(title):
    name = re.sub(r"\s*demo$", "", title, flags=re.IGNORECASE)
    return PlannedWork.objects.select_related("owner").filter(name=name).first()


def test_clicking_a_planned_work_opens_a_popup_with_owner_and_period(pages, request):
    page = pages.open("/")
    wait_for_map(page)
    for layer in ("Speelplekken", "Groen", "Buurtinformatiecentra"):
        toggle(page, layer).uncheck()
    point = page.evaluate(FIND_CLICKABLE_WORK)
    assert point, "no planned work visible on the map"

    page.mouse.click(point["x"], point["y"])

    popup, title = open_popup_title(page)
    work = work_named(title)
    assert work is not None, f"popup for an unknown work: {title!r}"
    text = popup.inner_text()
    assert work.owner.name in text
    with translation.override("nl"):
        assert work.get_kind_display() in text  # Dutch label, e.g. "Sloop"
    assert popup.locator(f"time[datetime='{work.start_date.isoformat()}']").count() == 1
    assert popup.locator(f"time[datetime='{work.end_date.isoformat()}']").count() == 1
    for label in ("Eigenaar", "Periode", "Status"):
        assert label in text
    if work.is_demo:
        assert "demo" in text.lower()
    screenshot(page, request)


def test_a_planned_work_popup_opens_and_closes_from_the_keyboard(pages):
    page = pages.open("/")
    wait_for_map(page)
    work = page.locator("#map path.work").first
    work.focus()
    name = work.get_attribute("aria-label")

    page.keyboard.press("Enter")

    popup, title = open_popup_title(page)
    assert title.startswith(name)
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    assert page.evaluate("document.activeElement.classList.contains('work')")


def test_a_layer_that_fails_to_load_shows_a_message_and_the_rest_still_works(pages, request):
    page = pages.new_page()
    page.route("**/api/v1/public/playgrounds/**", lambda route: route.fulfill(status=500))
    page.goto("/")
    wait_for_map(page)

    error = page.locator("#map-status .notice--error")
    assert "Speelplekken" in error.inner_text()
    assert page.locator("#map path.area--district").count() == 10
    assert page.locator("#map path.work").count() > 0
    assert not toggle(page, "Speelplekken").is_checked()
    screenshot(page, request)


def test_the_map_fits_a_phone_screen(pages, request):
    page = pages.open("/", viewport={"width": 390, "height": 844})
    wait_for_map(page)

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("#map").bounding_box()["height"] > 300
    assert toggle(page, "Speelplekken").is_visible()
    assert page.get_by_role("link", name="de lijst per gebied").is_visible()
    assert page.get_by_role("link", name="De meldingen in beeld als lijst").is_visible()
    screenshot(page, request)


def test_an_area_page_links_to_the_map_zoomed_to_that_area(pages, request):
    page = pages.open("/gebieden/BU01060000/")  # Brinkkwartier, a neighbourhood in Centrum
    page.get_by_role("link", name="Toon op de grote kaart").click()
    wait_for_map(page)

    outline = page.locator("#map path.area--focus")
    assert outline.count() == 1
    box, map_box = outline.bounding_box(), page.locator("#map").bounding_box()
    assert box["height"] > map_box["height"] / 3  # zoomed in on it, not the whole town
    # Actually painted all round: vector layers created during a zoom animation once ended
    # up in the DOM (right boxes) but only partly on screen.
    points = page.evaluate(POINTS_ON_FOCUS_OUTLINE)
    assert len(points) >= 4
    for point in points:
        assert darkest_pixel_near(page, point) < 90, f"outline not painted at {point}"
    assert toggle(page, "Buurtgrenzen").is_checked()
    assert page.locator("#map path.area--neighbourhood").count() == 109
    screenshot(page, request)
