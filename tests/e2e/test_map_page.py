"""The map page in a real browser, with the base map unreachable."""

import colorsys
import io
import itertools
import math
import re

from django.conf import settings
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from maps.models import Area, PlannedWork, Playground
from tests.e2e.browser import screenshot, wait_for_map

# A tile of the configured base map, with real numbers for {z}/{x}/{y}.
BASEMAP_TILE = re.compile(
    re.escape(settings.BASEMAP_URL)
    .replace(r"\{z\}", r"\d+")
    .replace(r"\{x\}", r"\d+")
    .replace(r"\{y\}", r"\d+")
)


def toggle(page, layer):
    return page.get_by_role("checkbox", name=layer, exact=True)


def drawn_ids(page, selector) -> set[str]:
    """The features drawn by the vector tiles (a shape crossing tiles comes in pieces)."""
    return set(page.eval_on_selector_all(selector, "paths => paths.map(p => p.dataset.id)"))


def test_the_map_draws_the_ten_districts_with_their_names(pages, request):
    page = pages.open("/")
    wait_for_map(page)

    assert len(drawn_ids(page, "#map path.area--district")) == 10
    assert len(drawn_ids(page, "#map path.area--priority")) == 3
    labels = page.locator("#map .area-label").all_inner_texts()
    assert {"Lariks", "Assen-Oost", "Noorderpark", "Kloosterveen"} <= set(labels)
    assert page.get_by_role("region", name=re.compile("Kaart met wijken")).is_visible()
    # The base map's tiles were asked for and blocked, and the page says so instead of
    # breaking; nothing else was asked from another host.
    expect(page.locator("#map-status")).to_have_text(re.compile("^De achtergrondkaart"))
    assert pages.blocked, "the base map was never asked for"
    assert [url for url in pages.blocked if not BASEMAP_TILE.fullmatch(url)] == []
    screenshot(page, request)


def test_toggling_the_playgrounds_layer_adds_and_removes_its_markers(pages, request):
    page = pages.open("/")
    wait_for_map(page)
    markers = page.locator("#map img.marker--playground")
    # The playgrounds of the tiles in view: one marker each, however many tiles carry it.
    expected = markers.count()
    assert 0 < expected <= Playground.objects.count()
    titles = page.eval_on_selector_all("#map img.marker--playground", "m => m.map(i => i.title)")
    assert len(set(titles)) == len(titles) == expected

    toggle(page, "Speelplekken").uncheck()
    assert markers.count() == 0

    toggle(page, "Speelplekken").check()
    page.wait_for_function(
        f"document.querySelectorAll('#map img.marker--playground').length == {expected}"
    )
    screenshot(page, request)


# A point on a planned work's outline that is not covered by anything else (a pin drawn
# near it takes the click), in page coordinates; tried along each path until one is found.
FIND_CLICKABLE_WORK = """() => {
  const {map, pins} = window.participatieMap;
  const pinAt = (p) => pins.featureAt(map.mouseEventToLatLng({clientX: p.x, clientY: p.y}));
  for (const path of document.querySelectorAll('#map path.work')) {
    const length = path.getTotalLength();
    const matrix = path.getScreenCTM();
    for (const f of [0.5, 0.25, 0.75, 0.1, 0.9, 0.4, 0.6]) {
      const p = path.getPointAtLength(length * f).matrixTransform(matrix);
      if (p.x < 0 || p.y < 0 || p.x > innerWidth || p.y > innerHeight) continue;
      if (document.elementFromPoint(p.x, p.y) === path && !pinAt(p)) return {x: p.x, y: p.y};
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


def test_the_map_speaks_dutch_and_english_from_the_javascript_catalog(pages):
    """The page scripts' words come from Django's JavaScript catalog (djangojs.po)."""
    expected = {
        "nl": ("Inzoomen", "De achtergrondkaart kon niet", "in beeld", "Eigenaar", "Tonen op"),
        "en": ("Zoom in", "The background map could not", "in view", "Owner", "Show on the"),
    }
    for language, (zoom_in, basemap, in_view, owner, show) in expected.items():
        page = pages.open("/", locale="en-GB" if language == "en" else "nl-NL")
        wait_for_map(page)
        page.wait_for_selector("#pin-list[data-loaded=true] li")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == zoom_in
        assert page.locator("#map-status").inner_text().startswith(basemap)
        assert in_view in page.locator("#pin-list-status").inner_text()
        assert show in page.locator("#pin-list li").first.inner_text()
        for layer in ("playgrounds", "greenery", "centres"):
            page.locator(f"#layer-{layer}").uncheck()
        point = page.evaluate(FIND_CLICKABLE_WORK)
        page.mouse.click(point["x"], point["y"])
        popup, _ = open_popup_title(page)
        assert owner in popup.inner_text()


def district_labels(page):
    """[left, top, right, bottom, name] of the district names that can be seen."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#map .area-label')]
            .filter(label => getComputedStyle(label).visibility === 'visible')
            .map(label => { const r = label.getBoundingClientRect();
                            return [r.left, r.top, r.right, r.bottom, label.textContent]; })"""
    )


def test_district_names_never_overlap_and_come_back_when_zoomed_in(pages, request):
    page = pages.open("/#10/52.99/6.56")
    wait_for_map(page)
    far = district_labels(page)
    assert len(far) >= 2
    for a, b in itertools.combinations(far, 2):
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, f"{a[4]} overlaps {b[4]} at zoom 10"
    screenshot(page, request)

    page.evaluate("window.participatieMap.map.setZoom(13, {animate: false})")
    page.wait_for_function(
        "[...document.querySelectorAll('#map .area-label')].filter("
        f"l => getComputedStyle(l).visibility === 'visible').length > {len(far)}"
    )


def mean_hue(png: bytes) -> float:
    """The mean hue (degrees) of the clearly coloured pixels of a screenshot."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    sines = cosines = 0.0
    pixels = image.tobytes()
    for i in range(0, len(pixels), 3):
        r, g, b = pixels[i : i + 3]
        h, s, v = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
        if s > 0.5 and v > 0.3:
            sines += math.sin(2 * math.pi * h)
            cosines += math.cos(2 * math.pi * h)
    assert sines or cosines, "no coloured pixels"
    return math.degrees(math.atan2(sines, cosines)) % 360


def test_playgrounds_and_complaints_differ_in_hue(pages):
    """Playground markers were orange-brown next to orange-red complaint triangles."""
    page = pages.open("/")
    wait_for_map(page)
    playground = page.locator("#map img.marker--playground").first
    # The marker is an image: drawn once it is loaded and decoded, which the map's own
    # readiness does not wait for (a screenshot before that has no colour at all).
    playground.evaluate("img => img.decode()")
    complaint = page.locator(".legend svg:has(.pin-symbol--complaint)").first
    playground_hue = mean_hue(playground.screenshot(animations="disabled"))
    complaint_hue = mean_hue(complaint.screenshot(animations="disabled"))
    distance = abs(playground_hue - complaint_hue)
    assert min(distance, 360 - distance) > 60, (playground_hue, complaint_hue)


def test_a_layer_that_fails_to_load_shows_a_message_and_the_rest_still_works(pages, request):
    page = pages.new_page()
    page.route("**/tiles/playgrounds/**", lambda route: route.fulfill(status=500))
    page.goto("/")
    wait_for_map(page)

    error = page.locator("#map-status .notice--error")
    assert "Speelplekken" in error.inner_text()
    assert len(drawn_ids(page, "#map path.area--district")) == 10
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
    page.wait_for_selector("#map path.area--neighbourhood", state="attached")
    hood = Area.objects.get(code="BU01060000")
    assert str(hood.pk) in drawn_ids(page, "#map path.area--neighbourhood")
    screenshot(page, request)
