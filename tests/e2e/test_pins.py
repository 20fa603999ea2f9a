"""Residents' ideas and complaints in a real browser: sign up, pin one to the map with a
photo, find it on the map (vector tiles) and in the list, support and comment on it; place
a pin with the keyboard only; a confidential report never reaches the public map."""

import re

import mapbox_vector_tile
import requests
from django.core import mail
from PIL import Image

from participatie.pins.models import Pin
from tests.e2e.browser import screenshot, wait_for_map

SEARCH_PLACE = "Lariks"  # a district: the search puts the map (and the pin) inside it


def a_photo(tmp_path):
    path = tmp_path / "bankje.jpg"
    Image.new("RGB", (800, 600), (40, 120, 60)).save(path, "JPEG")
    return path


def search_and_pick(page, text):
    page.get_by_label("Zoek een buurt, straat of adres").fill(text)
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.locator("#place-results button").first.click()
    page.wait_for_function(
        "document.getElementById('location-status').textContent.startsWith('Gekozen plek')"
    )


PICKER_PANE = "#picker-map .leaflet-map-pane"


def pan_with_key(page, key):
    """Press an arrow key on the map and wait until the map has moved and stopped: Leaflet
    ignores arrow keys while a pan animation runs, and Enter takes the centre of the map."""
    before = page.locator(PICKER_PANE).evaluate("pane => pane.style.transform")
    page.keyboard.press(key)
    page.wait_for_function(
        """([selector, before]) => {
            const pane = document.querySelector(selector);
            return pane.style.transform !== before && !pane.classList.contains("leaflet-pan-anim");
        }""",
        arg=[PICKER_PANE, before],
    )


def pin_tile(base_url, pin, zoom=17):
    """The pins tile holding `pin`, decoded."""
    import math

    lon, lat = pin.geom.x, pin.geom.y
    n = 2**zoom
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    response = requests.get(f"{base_url}/tiles/pins/{zoom}/{x}/{y}.pbf", timeout=10)
    assert response.status_code == 200
    return mapbox_vector_tile.decode(response.content).get("pins", {"features": []})


def open_map_at(pages, pin, **options):
    """The map page zoomed in on the pin, with its tile requests recorded."""
    page = pages.new_page(**options)
    tiles = []
    page.on(
        "response",
        lambda r: tiles.append((r.url, r.status)) if "/tiles/pins/" in r.url else None,
    )
    page.goto(f"/#17/{pin.geom.y:.6f}/{pin.geom.x:.6f}")
    wait_for_map(page)
    page.wait_for_selector("#pin-list[data-loaded=true]")
    return page, tiles


def sign_up_and_confirm(page):
    page.goto("/account/aanmelden/")
    page.get_by_label("E-mailadres").fill("anna@example.org")
    page.get_by_label("Weergavenaam").fill("Anna")
    page.get_by_label("Wachtwoord", exact=True).fill("Zonnebloem-42-Assen")
    page.get_by_label("Wachtwoord nogmaals").fill("Zonnebloem-42-Assen")
    page.locator("input[name=consent]").check()
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/aanmelden/verzonden/")
    link = re.search(r"https?://\S+/account/bevestigen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.wait_for_url("**/account/")


def test_a_resident_signs_up_pins_an_idea_and_another_supports_and_comments(
    pages, make_resident, tmp_path, request
):
    page = pages.new_page()
    sign_up_and_confirm(page)

    # Place an idea by clicking the map, with a photo.
    page.get_by_role("link", name="Melding maken").first.click()
    wait_for_map(page, "#picker-map")
    page.get_by_label("Idee", exact=True).check()
    page.get_by_label("Categorie").select_option("groen-en-bomen")
    search_and_pick(page, SEARCH_PLACE)
    box = page.locator("#picker-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2 + 40)
    page.wait_for_function(
        "document.getElementById('location-status').textContent.includes('Lariks')"
    )
    page.get_by_label("Titel").fill("Meer bankjes bij de vijver")
    page.get_by_label("Beschrijving").fill("Graag twee bankjes. <script>window.hacked=1</script>")
    page.get_by_label("Foto's").set_input_files(a_photo(tmp_path))
    screenshot(page, request, "1-form")
    page.get_by_role("button", name="Melding plaatsen").click()

    page.wait_for_url(re.compile(r"/meldingen/[a-z2-7]{12}/$"))
    pin = Pin.objects.get(title="Meer bankjes bij de vijver")
    assert pin.author.email == "anna@example.org"
    assert pin.district.name == "Lariks"
    assert "Je melding staat nu op de kaart" in page.locator(".messages").inner_text()
    # Text from residents is text, never markup.
    assert "<script>window.hacked=1</script>" in page.locator(".pin-description").inner_text()
    assert page.evaluate("window.hacked") is None
    thumbnail = page.locator(".photo-list img")
    assert thumbnail.count() == 1
    page.wait_for_function("document.querySelector('.photo-list img').naturalWidth > 0")
    assert thumbnail.locator("xpath=..").get_attribute("href") == pin.photos.get().url

    # The pin is on the map (vector tile, drawn on the canvas, clickable) and in the list.
    map_page, tiles = open_map_at(pages, pin)
    map_page.wait_for_function("window.participatieMap && window.participatieMap.pinsDrawnAt")
    assert any(status == 200 and "/tiles/pins/17/" in url for url, status in tiles)
    assert pin.public_id in [
        f["properties"]["id"] for f in pin_tile(pages.base_url, pin)["features"]
    ]
    item = map_page.locator("#pin-list li", has_text="Meer bankjes bij de vijver")
    assert item.count() == 1
    assert "Idee" in item.inner_text() and "Nieuw" in item.inner_text()
    assert re.search(r"\d+ meldingen? in beeld", map_page.locator("#pin-list-status").inner_text())
    for layer in ("Speelplekken", "Buurtinformatiecentra"):
        map_page.get_by_role("checkbox", name=layer, exact=True).uncheck()
    point = map_page.evaluate(
        "([lat, lon]) => window.participatieMap.map.latLngToContainerPoint([lat, lon])",
        [pin.geom.y, pin.geom.x],
    )
    map_page.locator("#map").click(position={"x": point["x"], "y": point["y"]})
    popup = map_page.locator(".leaflet-popup")
    assert popup.locator("h2").inner_text() == "Meer bankjes bij de vijver"
    assert "Groen en bomen" in popup.inner_text()
    screenshot(map_page, request, "2-map")

    # Another resident supports it and comments; the count follows.
    bart = pages.new_page(user=make_resident("Bart"))
    bart.goto(f"/meldingen/{pin.public_id}/")
    support = bart.get_by_role("button", name="Steun dit idee")
    assert support.get_attribute("aria-pressed") == "false"
    support.click()
    bart.wait_for_function(
        "document.getElementById('support-count').textContent.includes('1 bewoner steunt dit')"
    )
    assert support.get_attribute("aria-pressed") == "true"
    assert "Je steunt dit nu" in bart.locator("#support-state").inner_text()
    bart.get_by_label("Je reactie").fill("Goed plan, ik help mee!")
    bart.get_by_role("button", name="Reactie plaatsen").click()
    bart.wait_for_url(re.compile(r"#comment-\d+$"))
    comment = bart.locator(".comment", has_text="Goed plan, ik help mee!")
    assert "Bart" in comment.inner_text()
    screenshot(bart, request, "3-pin-page")

    pin.refresh_from_db()
    assert (pin.support_count, pin.comment_count) == (1, 1)
    page.reload()
    assert page.locator("#support-count").inner_text() == "1 bewoner steunt dit"
    assert page.locator(".comment").count() == 1
    # The author sees no support button for their own pin, but may change it while new.
    assert page.get_by_role("button", name="Steun dit idee").count() == 0
    assert page.get_by_role("link", name="Wijzigen").is_visible()


def test_a_resident_places_a_pin_with_the_keyboard_only(pages, make_resident, request):
    page = pages.open("/meldingen/nieuw/", user=make_resident("Kim"))
    wait_for_map(page, "#picker-map")
    keyboard = page.keyboard

    def tab_to(check, limit=40):
        for _ in range(limit):
            keyboard.press("Tab")
            if page.evaluate(check):
                return
        raise AssertionError(f"never reached: {check}")

    tab_to("document.activeElement.name === 'kind'")
    keyboard.press("Space")  # the first choice: idea
    tab_to("document.activeElement.name === 'category'")
    keyboard.press("ArrowDown")  # the first category
    tab_to("document.activeElement.id === 'picker-map'")
    for key in ("ArrowRight", "ArrowRight", "ArrowDown"):
        pan_with_key(page, key)
    keyboard.press("Enter")

    status = page.locator("#location-status")
    page.wait_for_function(
        "document.getElementById('location-status').textContent.startsWith('Gekozen plek:')"
    )
    announced = status.inner_text()
    assert page.locator(".place-marker").count() == 1
    screenshot(page, request)
    tab_to("document.activeElement.name === 'title'")
    keyboard.type("Tegel los bij het toetsenbordpad")
    keyboard.press("Enter")  # posts the form

    page.wait_for_url(re.compile(r"/meldingen/[a-z2-7]{12}/$"))
    pin = Pin.objects.select_related("neighbourhood", "district").get(
        title="Tegel los bij het toetsenbordpad"
    )
    assert pin.kind == "idea"
    # The place announced is the place stored.
    assert pin.neighbourhood.name in announced
    assert pin.district.name in announced


def test_the_form_shows_errors_at_the_fields_and_keeps_the_input(pages, make_resident):
    page = pages.open("/meldingen/nieuw/", user=make_resident("Lotte"))
    wait_for_map(page, "#picker-map")
    page.get_by_label("Titel").fill("Zonder plek")
    page.get_by_role("button", name="Melding plaatsen").click()

    summary = page.get_by_role("alert")
    text = summary.inner_text()
    assert "Kies idee of klacht" in text
    assert "Kies een categorie" in text
    assert "Kies de plek" in text
    assert page.get_by_label("Titel").input_value() == "Zonder plek"
    summary.get_by_role("link", name=re.compile("Plek")).click()
    assert page.evaluate("document.activeElement.id") == "pin-location"
    assert not Pin.objects.filter(title="Zonder plek").exists()


def test_a_confidential_report_stays_off_the_map_but_is_in_my_reports(
    pages, make_resident, request
):
    author = make_resident("Sara")
    page = pages.open("/meldingen/nieuw/", user=author)
    wait_for_map(page, "#picker-map")
    page.get_by_label("Klacht", exact=True).check()
    page.get_by_label("Categorie").select_option("eenzaamheid")
    assert page.locator("#category-private").is_visible()
    option = page.locator("#id_category option[value=eenzaamheid]").text_content()
    assert "gaat vertrouwelijk naar het buurtteam, niet op de kaart" in option
    search_and_pick(page, SEARCH_PLACE)
    page.get_by_label("Titel").fill("Mijn buurman is erg alleen")
    page.get_by_role("button", name="Melding plaatsen").click()
    page.wait_for_url(re.compile(r"/meldingen/[a-z2-7]{12}/$"))
    pin = Pin.objects.get(title="Mijn buurman is erg alleen")
    assert "Vertrouwelijk" in page.locator(".callout--private").inner_text()
    assert page.locator("#support").count() == 0  # no support or comments on private pins

    # Another visitor: not in the list, not in the tile, and the page does not exist.
    visitor, _ = open_map_at(pages, pin)
    visitor.wait_for_function("document.getElementById('pin-list-status').textContent !== ''")
    assert visitor.locator("#pin-list li", has_text="Mijn buurman").count() == 0
    assert pin.public_id not in [
        f["properties"]["id"] for f in pin_tile(pages.base_url, pin)["features"]
    ]
    assert (
        requests.get(f"{pages.base_url}/meldingen/{pin.public_id}/", timeout=10).status_code == 404
    )

    # The author finds it under My reports, marked as confidential.
    page.get_by_role("link", name="Mijn meldingen").first.click()
    item = page.locator(".pin-item", has_text="Mijn buurman is erg alleen")
    assert "Vertrouwelijk" in item.inner_text()
    screenshot(page, request)


def test_filters_update_the_list_and_hide_done_and_declined(pages):
    done = Pin.objects.public().filter(status="done").first()
    page, _ = open_map_at(pages, done)
    page.evaluate("window.participatieMap.map.setZoom(14, {animate: false})")
    page.wait_for_function(
        "[...document.querySelectorAll('#pin-list .pin-item')].some("
        "li => li.classList.contains('pin-item--done'))"
    )
    with page.expect_response(re.compile(r"/tiles/pins/\d+/\d+/\d+\.pbf\?status=new")):
        page.get_by_label("Verberg afgehandelde en afgewezen").check()
    # A list of open pins only (an empty list would say nothing about the filter).
    page.wait_for_function(
        """() => {
            const items = [...document.querySelectorAll("#pin-list .pin-item")];
            return items.length > 0 && !items.some((li) =>
                li.classList.contains("pin-item--done") || li.classList.contains("pin-item--declined"));
        }"""
    )
    page.get_by_label("Klacht", exact=True).uncheck()
    page.wait_for_function(
        """() => {
            const kinds = [...document.querySelectorAll("#pin-list .pin-kind")];
            return kinds.length > 0 && kinds.every((k) => k.classList.contains("pin-kind--idea"));
        }"""
    )
    assert "in beeld" in page.locator("#pin-list-status").inner_text()


def test_the_list_shows_a_pin_on_the_map_and_gives_the_focus_back(pages):
    pin = Pin.objects.public().order_by("pk").first()
    page, _ = open_map_at(pages, pin)
    item = page.locator(f"#pin-list li:has(a[href='/meldingen/{pin.public_id}/'])")
    item.get_by_role("button", name="Tonen op de kaart").focus()

    # Showing the pin moves the map, and a moved map refreshes the list: note each render.
    page.evaluate(
        """() => {
            window.listRenders = 0;
            new MutationObserver(() => { window.listRenders += 1; }).observe(
                document.getElementById("pin-list-status"), {childList: true, subtree: true});
        }"""
    )
    list_request = re.compile(r"/api/v1/public/pins/\?.*bbox=")
    with page.expect_response(list_request):
        page.keyboard.press("Enter")

    popup = page.locator(".leaflet-popup")
    assert popup.locator("h2").inner_text() == pin.title
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    page.wait_for_function("window.listRenders > 0")  # the refreshed list is on the page
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    assert page.evaluate("document.activeElement.closest('#pin-list li') !== null")
    assert item.evaluate("li => li.contains(document.activeElement)")
