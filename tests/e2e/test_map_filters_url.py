"""The map page keeps its filters in the address: /?kind=complaint&area=WK010601 opens the
map with only the complaints in Lariks, in the list beside the map and in the pins tiles,
after a reload too; Back and Forward step through the filters chosen. And the keyboard gets
from the top of the page to that list in a few presses of Tab, not through every shape on
the map."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.gis.geos import Point

from maps.models import Area
from participatie.pins.models import Pin
from tests.e2e.browser import screenshot, wait_for_map
from tests.participatie.factories import UserFactory, pin_create

LARIKS = "WK010601"  # the CBS code of district Lariks (WK010605 is Assen-West)
LIST_READY = (
    "() => { const list = document.getElementById('pin-list');"
    " return list.dataset.loaded === 'true' && !list.hasAttribute('aria-busy'); }"
)


def a_point_outside_lariks_but_in_its_box(lariks: Area) -> Point:
    """A point of Lariks' bounding box that lies in another neighbourhood of Assen: in view
    when the map shows Lariks, so only the area filter can keep its pins out of the list."""
    min_x, min_y, max_x, max_y = lariks.geom.extent
    others = list(Area.objects.neighbourhoods().exclude(parent__code=LARIKS))
    for i in range(1, 10):
        for j in range(1, 10):
            point = Point(min_x + (max_x - min_x) * i / 10, min_y + (max_y - min_y) * j / 10)
            point.srid = 4326
            if lariks.geom.buffer(0.001).contains(point):  # not on or near its edge
                continue
            if any(hood.geom.contains(point) for hood in others):
                return point
    raise AssertionError("no point of Lariks' box lies in another neighbourhood")


@pytest.fixture
def lariks_pins(site):
    """A complaint and an idea in Lariks, and a complaint just outside it."""
    lariks = Area.objects.districts().get(name="Lariks")
    assert lariks.code == LARIKS
    inside = Area.objects.neighbourhoods().filter(parent=lariks).order_by("code").first()
    author = UserFactory()
    spot = inside.geom.point_on_surface
    pins = {
        "complaint": pin_create(author, kind="complaint", title="Klacht in Lariks", geom=spot),
        "idea": pin_create(author, kind="idea", title="Idee in Lariks", geom=spot),
        "elsewhere": pin_create(
            author,
            kind="complaint",
            title="Klacht naast Lariks",
            geom=a_point_outside_lariks_but_in_its_box(lariks),
        ),
    }
    # The premises, from the raw geometry: two inside Lariks, one outside.
    assert lariks.geom.contains(pins["complaint"].geom)
    assert not lariks.geom.contains(pins["elsewhere"].geom)
    return lariks, pins


def listed_ids(page) -> list[str]:
    """The public ids of the pins listed beside the map."""
    page.wait_for_function(LIST_READY)
    hrefs = page.locator("#pin-list li h3 a").evaluate_all("links => links.map(a => a.pathname)")
    return [re.fullmatch(r"/meldingen/([a-z2-7]+)/", href).group(1) for href in hrefs]


def filters_in_address(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def assert_only_complaints_in_lariks(page, lariks, pins):
    ids = listed_ids(page)
    assert pins["complaint"].public_id in ids
    assert pins["idea"].public_id not in ids
    assert pins["elsewhere"].public_id not in ids
    # Everything listed is a complaint that lies in Lariks (the pins' own fields).
    for pin in Pin.objects.filter(public_id__in=ids):
        assert pin.kind == "complaint", pin.title
        assert lariks.geom.contains(pin.geom), pin.title
    # The form says so too.
    assert page.get_by_label("Klacht", exact=True).is_checked()
    assert not page.get_by_label("Idee", exact=True).is_checked()
    assert page.locator("#pin-filters select[name=area]").input_value() == LARIKS
    assert page.locator("#map path.area--focus").count() == 1


def test_an_address_with_filters_opens_the_map_with_only_those_pins(pages, lariks_pins, request):
    lariks, pins = lariks_pins
    page = pages.new_page()
    tiles = []
    page.on("request", lambda r: tiles.append(r.url) if "/tiles/pins/" in r.url else None)
    page.goto(f"/?kind=complaint&area={LARIKS}")
    wait_for_map(page)

    assert_only_complaints_in_lariks(page, lariks, pins)
    # The pins drawn on the map are asked for with the same filters.
    assert tiles
    for url in tiles:
        query = parse_qs(urlsplit(url).query)
        assert query.get("kind") == ["complaint"] and query.get("area") == [LARIKS], url
    screenshot(page, request)

    page.reload()
    wait_for_map(page)
    assert filters_in_address(page) == {"kind": ["complaint"], "area": [LARIKS]}
    assert_only_complaints_in_lariks(page, lariks, pins)


def test_back_and_forward_step_through_the_filters_chosen(pages, lariks_pins):
    lariks, pins = lariks_pins
    page = pages.open(f"/?kind=complaint&area={LARIKS}")
    wait_for_map(page)
    assert_only_complaints_in_lariks(page, lariks, pins)

    # The whole municipality: the complaint next to Lariks (in view) comes in.
    page.locator("#pin-filters select[name=area]").select_option("")
    page.wait_for_function("!location.search.includes('area=')")
    assert filters_in_address(page) == {"kind": ["complaint"]}
    page.wait_for_function(
        f"[...document.querySelectorAll('#pin-list a')].some(a => a.pathname === "
        f"'/meldingen/{pins['elsewhere'].public_id}/')"
    )
    ids = listed_ids(page)
    assert {pins["complaint"].public_id, pins["elsewhere"].public_id} <= set(ids)
    assert pins["idea"].public_id not in ids
    assert page.locator("#map path.area--focus").count() == 0

    page.go_back()
    page.wait_for_function(f"location.search.includes('area={LARIKS}')")
    assert filters_in_address(page) == {"kind": ["complaint"], "area": [LARIKS]}
    assert_only_complaints_in_lariks(page, lariks, pins)

    page.go_forward()
    page.wait_for_function("!location.search.includes('area=')")
    assert page.locator("#pin-filters select[name=area]").input_value() == ""
    ids = listed_ids(page)
    assert {pins["complaint"].public_id, pins["elsewhere"].public_id} <= set(ids)
    assert pins["idea"].public_id not in ids


def test_the_filters_chosen_on_the_map_go_into_the_address(pages, lariks_pins):
    lariks, pins = lariks_pins
    page = pages.open(f"/?area={LARIKS}")
    wait_for_map(page)
    assert {pins["complaint"].public_id, pins["idea"].public_id} <= set(listed_ids(page))
    # Both kinds ticked is no restriction, so the address does not mention kinds.
    assert filters_in_address(page) == {"area": [LARIKS]}

    page.get_by_label("Klacht", exact=True).uncheck()
    page.wait_for_function("location.search.includes('kind=idea')")
    assert filters_in_address(page) == {"kind": ["idea"], "area": [LARIKS]}
    ids = listed_ids(page)
    assert pins["idea"].public_id in ids
    assert pins["complaint"].public_id not in ids
    # The same address on the list page lists the same filter (its form is the same).
    list_page = pages.open("/meldingen/" + "?" + urlsplit(page.url).query)
    assert list_page.get_by_role("link", name="Idee in Lariks").count() == 1
    assert list_page.get_by_role("link", name="Klacht in Lariks").count() == 0


def tab_stops_to_the_list(page, limit=100):
    """What Tab visits from the top of the page until the first item of the list."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => { const a = document.activeElement;
              return {inList: !!a.closest('#pin-list'), inMapPanes: !!a.closest('.leaflet-pane'),
                      inHeader: !!a.closest('.site-header') || a.matches('.skip-link'),
                      isMap: a.id === 'map', tag: a.tagName, text: (a.textContent || '').trim()}; }"""
        )
        stops.append(stop)
        if stop["inList"]:
            return stops
    raise AssertionError(f"the list was not reached in {limit} presses of Tab")


def test_the_keyboard_reaches_the_list_beside_the_map_in_a_few_tabs(pages):
    page = pages.open("/")
    wait_for_map(page)
    page.wait_for_selector("#pin-list li")
    # Many shapes are drawn: without tab stops of their own they are no detour.
    assert page.locator("#map path.leaflet-interactive").count() > 100
    assert page.locator("#map img.marker").count() > 100

    stops = tab_stops_to_the_list(page)

    print(f"Tab presses from the top of / to the first item of the list: {len(stops)}")
    # The skip link and the site header come first on every page (and grow with the
    # site's sections: the skip link jumps over them); the map page's own stops — panel,
    # filters, the map, its controls — stay few.
    own = [s for s in stops if not s["inHeader"]]
    assert len(own) < 17, [s["text"][:30] or s["tag"] for s in own]
    assert not any(s["inMapPanes"] for s in stops)
    first = page.locator("#pin-list li").first.locator("h3 a")
    assert first.evaluate("a => a === document.activeElement")
    # The map itself is one stop, and pans with the arrow keys from there.
    assert sum(s["isMap"] for s in stops) == 1
    page.locator("#map").focus()
    before = page.evaluate("window.participatieMap.map.getCenter().lng")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"window.participatieMap.map.getCenter().lng > {before}")
    # Every shape and marker still opens its popup with the mouse.
    assert page.locator("#map .leaflet-marker-pane [tabindex]").count() == 0
    assert page.locator("#map .leaflet-overlay-pane [tabindex]").count() == 0
