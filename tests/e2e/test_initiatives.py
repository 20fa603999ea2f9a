"""A neighbourhood initiative from start to finish in Chromium.

A resident turns an idea pin into an initiative with a budget (the place moved on the map
with the keyboard), saves the draft and submits it; neighbours back it until the threshold
is reached (one by keyboard only, one in a browser without JavaScript), a resident of
another district is told which area counts; the district's team (second factor done)
grants part of it with a partner's contribution; the organiser reports it realised with a
photo; it shows as realised on its page and in the list. Every new page is checked with
axe-core; screenshots land in test-output/.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point
from PIL import Image

from maps.models import Area
from participatie.initiatives.models import Backing, HouseholdCount, Initiative
from participatie.pins.models import Category, Pin
from tests.e2e.browser import screenshot, serious_accessibility_violations, wait_for_map
from tests.e2e.test_pins import pan_with_key
from tests.participatie.factories import StaffFactory, UserFactory, pin_create
from tests.participatie.initiatives.factories import (
    budget,
    neighbourhood,
    other_district_neighbourhood,
    programme,
)

LOCALE = "en-GB"  # English words in the assertions; the Dutch default is tested in the pages


def no_serious_violations(page, where: str):
    serious = serious_accessibility_violations(page)
    assert not serious, f"{where}:\n" + "\n".join(serious)


def tab_to(page, check: str, limit: int = 80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(check):
            return
    raise AssertionError(f"never reached: {check}")


@pytest.fixture
def hood(site):
    return neighbourhood(0)


@pytest.fixture
def idea(hood):
    category = next(
        c for c in Category.objects.filter(is_active=True, is_sensitive=False) if c.allows("idea")
    )
    return pin_create(
        UserFactory(),
        kind=Pin.Kind.IDEA,
        category=category,
        title="Een moestuin op het veldje",
        description="Het veldje achter de flat ligt er maar bij.",
        geom=hood.geom.point_on_surface,
    )


def resident(name: str, hood):
    return UserFactory(display_name=name, home_neighbourhood=hood)


def test_an_idea_becomes_an_initiative_is_backed_granted_in_part_and_realised(
    pages, hood, idea, request, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"  # the report's photo goes here, not the site's
    # Three backers needed (no household figures: the programme's floor counts).
    programme(min_backers=3, min_backer_percent=Decimal("5"))
    HouseholdCount.objects.all().delete()
    organiser = resident("Fatima", hood)

    # --- the organiser: from the idea pin to a draft, the place moved by keyboard --------
    page = pages.open(idea.get_absolute_url(), user=organiser, locale=LOCALE)
    page.get_by_role("link", name="Turn this into a neighbourhood initiative").click()
    page.wait_for_url(re.compile(r"/initiatieven/nieuw/\?pin="))
    wait_for_map(page, "#picker-map")
    assert page.input_value("#id_title") == idea.title
    assert page.locator(".place-marker").count() == 1  # the idea's spot
    no_serious_violations(page, "proposal form")
    page.select_option("#id_kind", "garden")
    page.fill("#id_description", "Samen groente kweken op het veldje achter de flat.")
    # The spot a little to the east, by keyboard: focus the map, an arrow key, Enter.
    page.focus("#picker-map")
    pan_with_key(page, "ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.getElementById('location-status').textContent.startsWith('Chosen place')"
    )
    page.fill("#id_budget-0-description", "Plantenbakken")
    page.fill("#id_budget-0-amount", "600")
    page.fill("#id_budget-1-description", "Zaden en aarde")
    page.fill("#id_budget-1-amount", "200,50")
    page.fill("#id_roles-0-name", "Water geven")
    page.fill("#id_roles-0-count_needed", "4")
    screenshot(page, request, "1-proposal-form")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(re.compile(r"/initiatieven/[a-z2-7]{12}/$"))
    initiative = Initiative.objects.get(title=idea.title)
    assert initiative.from_pin == idea
    assert initiative.status == Initiative.Status.DRAFT
    assert initiative.geom.x > idea.geom.x  # moved east by the arrow key
    assert sorted(initiative.budget_lines.values_list("amount_cents", flat=True)) == [20050, 60000]
    page.get_by_role("button", name="Submit the initiative").click()
    page.wait_for_selector("#progress-text")
    assert "0 of the 3 backers needed" in page.inner_text("#progress-text")
    wait_for_map(page, "#initiative-map")
    no_serious_violations(page, "initiative page (organiser)")
    screenshot(page, request, "2-submitted")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.BACKING
    url = initiative.get_absolute_url()
    # The arrow key may have moved it into the next neighbourhood: its residents count.
    hood = initiative.neighbourhood

    # --- someone from another district: told which area counts --------------------------
    elsewhere = other_district_neighbourhood(hood)
    outsider = pages.open(url, user=resident("Kees", elsewhere), locale=LOCALE)
    state = outsider.inner_text("#backing-state")
    assert f"Only residents of {hood.name} may respond" in state
    assert elsewhere.name in state
    assert outsider.locator("form.backing-form").count() == 0

    # --- neighbours back it: by mouse, by keyboard only, and without JavaScript ---------
    first = pages.open(url, user=resident("Anna", hood), locale=LOCALE)
    no_serious_violations(first, "initiative page (neighbour)")
    first.check("input[name=response][value=back]")
    first.get_by_role("button", name="Send my response").click()
    first.wait_for_selector("#backing-state")
    assert "1 of the 3 backers needed" in first.inner_text(".messages")

    second = pages.open(url, user=resident("Bram", hood), locale=LOCALE)
    tab_to(second, "document.activeElement.name === 'response'")
    second.keyboard.press("Space")
    tab_to(
        second,
        "document.activeElement.type === 'submit' && !!document.activeElement.closest('form.backing-form')",
    )
    second.keyboard.press("Enter")
    second.wait_for_selector("#backing-state")
    assert "2 of the 3 backers needed" in second.inner_text(".messages")

    third = pages.open(url, user=resident("Chris", hood), locale=LOCALE, javascript=False)
    third.check("input[name=response][value=back]")
    third.get_by_role("button", name="Send my response").click()
    third.wait_for_selector("#threshold-reached")
    assert "The threshold is reached" in third.inner_text(".messages")
    screenshot(third, request, "3-threshold-reached")
    assert Backing.objects.filter(initiative=initiative).count() == 3
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REVIEW

    # --- the district team grants part of it ------------------------------------------
    allocation = budget(initiative.district, 500_000, initiative.year)
    team = StaffFactory(districts=[hood.parent.code], display_name="Wijkteam Noord")
    review = pages.open("/initiatieven/beoordelen/", user=team, locale=LOCALE)
    no_serious_violations(review, "review queue")
    review.get_by_role("link", name=initiative.title).click()
    review.wait_for_selector("#decision-form")
    assert "€ 5.000,00" in review.inner_text("#budget-remaining")
    no_serious_violations(review, "review screen")
    review.check("input[name=outcome][value=partly_granted]")
    review.fill("#id_reason", "Zaden en aarde komen van de gemeentelijke kwekerij.")
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    review.fill(f"#id_granted_{lines[0].pk}", "550")
    review.fill(f"#id_granted_{lines[1].pk}", "0")
    partner = review.locator("#id_contrib-0-partner option").nth(1)
    review.select_option("#id_contrib-0-partner", partner.get_attribute("value"))
    review.select_option("#id_contrib-0-kind", "means")
    review.fill("#id_contrib-0-description", "Zaden en aarde")
    screenshot(review, request, "4-review")
    review.get_by_role("button", name="Save the decision").click()
    review.wait_for_selector("#decide >> text=Partly granted")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PARTLY_GRANTED
    assert initiative.decision.granted_cents == 55_000
    allocation.refresh_from_db()
    assert allocation.granted_cents == 55_000

    # --- the organiser reports it realised, with a photo ------------------------------
    photo = tmp_path / "moestuin.jpg"
    Image.new("RGB", (800, 600), (60, 140, 60)).save(photo, "JPEG")
    page = pages.open(url, user=organiser, locale=LOCALE)
    assert "€ 550,00 granted" in page.inner_text("#decision")
    page.get_by_role("link", name="Report after the event").click()
    page.wait_for_selector("#report-form")
    no_serious_violations(page, "report form")
    page.fill("#id_text", "De bakken staan er; twaalf buren doen mee.")
    page.fill(f"#id_spent_{lines[0].pk}", "530")
    page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_selector("#report")
    assert page.inner_text("#initiative-status") == "Realised"
    assert page.locator("#report img").count() == 1
    no_serious_violations(page, "realised initiative")
    screenshot(page, request, "5-realised")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REALISED

    # --- and in the list, filtered on realised ------------------------------------------
    listing = pages.open(f"/initiatieven/?status=realised&year={initiative.year}", locale=LOCALE)
    no_serious_violations(listing, "list")
    items = listing.locator(".initiative-item")
    assert items.count() == 1
    assert initiative.title in items.first.inner_text()
    assert "Realised" in items.first.inner_text()
    screenshot(listing, request, "6-list")

    # --- on the main map, as realised, with a popup linking to it -----------------------
    spot = initiative.geom
    world = pages.open(f"/#17/{spot.y:.5f}/{spot.x:.5f}", locale=LOCALE)
    wait_for_map(world)
    marker = world.locator("#map .initiative-marker--realised")
    marker.first.wait_for()
    assert marker.count() == 1
    marker.first.click()
    popup = world.locator(".leaflet-popup .initiative-popup")
    popup.wait_for()
    assert popup.locator("h2").inner_text() == initiative.title
    assert popup.locator("a").get_attribute("href").endswith(url)
    screenshot(world, request, "7-map")

    # --- and in the yearly overview: one proposed, granted and realised; € 550 granted ---
    others = Initiative.objects.public().filter(district=initiative.district, year=initiative.year)
    assert list(others) == [initiative]  # so the district's row is this initiative alone
    overview = pages.open(f"/initiatieven/overzicht/{initiative.year}/", locale=LOCALE)
    overview.wait_for_selector("#overview-map[data-loaded=true]")
    row = overview.locator(f'tr[data-district="{initiative.district.code}"] td')
    assert [row.nth(i).inner_text() for i in range(4)] == ["1", "1", "1", "€ 550,00"]
    screenshot(overview, request, "8-overview")


def test_without_javascript_a_resident_proposes_adds_rows_and_submits(pages, hood, request):
    organiser = resident("Noor", hood)
    page = pages.open("/initiatieven/nieuw/", user=organiser, locale=LOCALE, javascript=False)
    assert page.locator("#picker-map").is_hidden()  # no map: the neighbourhood list instead
    # (axe-core needs the page's timers, which are off without JavaScript: it is run on the
    # same pages with JavaScript in the test above.)
    page.fill("#id_title", "Buurtbarbecue")
    page.fill("#id_description", "Eén keer per jaar samen eten op het pleintje.")
    page.select_option("#id_kind", "social")
    page.select_option("#id_place", hood.code)
    rows = page.locator("tr[data-row=budget]").count()
    for n in range(rows):
        page.fill(f"#id_budget-{n}-description", f"Post {n + 1}")
        page.fill(f"#id_budget-{n}-amount", f"{10 * (n + 1)}")
    page.get_by_role("button", name="Add a budget line").click()
    page.wait_for_selector(f"#id_budget-{rows}-amount")
    # The input is kept, one empty row more.
    assert page.input_value("#id_title") == "Buurtbarbecue"
    assert page.input_value("#id_budget-0-amount") == "10"
    page.fill(f"#id_budget-{rows}-description", "Houtskool")
    page.fill(f"#id_budget-{rows}-amount", "12,50")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(re.compile(r"/initiatieven/[a-z2-7]{12}/$"))
    initiative = Initiative.objects.get(title="Buurtbarbecue")
    assert initiative.neighbourhood == hood
    expected = [1000 * (n + 1) for n in range(rows)] + [1250]
    assert (
        list(initiative.budget_lines.order_by("position").values_list("amount_cents", flat=True))
        == expected
    )
    page.get_by_role("button", name="Submit the initiative").click()
    page.wait_for_selector("#progress-text")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.BACKING
    assert "0 of the" in page.inner_text("#progress-text")
    screenshot(page, request, "submitted")


def test_a_resident_draws_the_area_whose_residents_are_concerned(pages, hood, request):
    organiser = resident("Sem", hood)
    page = pages.open("/initiatieven/nieuw/", user=organiser, locale=LOCALE)
    wait_for_map(page, "#picker-map")
    page.fill("#id_title", "Pleintje vergroenen")
    page.fill("#id_description", "Geveltuintjes en bomen rond het pleintje.")
    page.select_option("#id_kind", "greening")
    page.check("input[name=backing_area][value=drawn]")
    # Centre the map on the neighbourhood through the search-free way: a chosen place.
    spot = hood.geom.point_on_surface
    page.evaluate(
        "([lat, lon]) => { const f = document.getElementById('initiative-form');"
        " f.elements.lon.value = lon; f.elements.lat.value = lat; }",
        [spot.y, spot.x],
    )
    page.locator("#picker-map").scroll_into_view_if_needed()
    page.get_by_role("button", name="Draw the area").click()
    box = page.locator("#picker-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(cx - 60, cy - 40), (cx + 60, cy - 40), (cx + 60, cy + 40), (cx - 60, cy + 40)]
    for x, y in corners:
        page.mouse.click(x, y)
    page.mouse.click(*corners[0])
    page.wait_for_function("document.getElementById('initiative-form').elements.area.value !== ''")
    assert page.get_by_role("button", name="Remove the area").is_visible()
    # The spot in the middle of the drawn square: Enter at the cross, by keyboard.
    page.focus("#picker-map")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.getElementById('location-status').textContent.startsWith('Chosen place')"
    )
    page.fill("#id_roles-0-name", "Planten")
    page.fill("#id_roles-0-count_needed", "6")
    screenshot(page, request, "drawn")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(re.compile(r"/initiatieven/[a-z2-7]{12}/$"))
    initiative = Initiative.objects.get(title="Pleintje vergroenen")
    assert initiative.backing_area == Initiative.BackingArea.DRAWN
    assert initiative.area_geom is not None and initiative.area_geom.num_points == 5
    assert initiative.area_geom.contains(initiative.geom)
    assert "with a drawn area" in page.inner_text("#initiative-where")
    wait_for_map(page, "#initiative-map")
    assert page.locator("#initiative-map path.drawn-area").count() == 1


def test_a_neighbour_joins_by_the_invitation_and_a_resident_is_kept_out_of_the_review(
    pages, hood, request
):
    from tests.participatie.initiatives.factories import draft

    organiser = resident("Lotte", hood)
    initiative = draft(organiser, hood)
    page = pages.open(initiative.get_absolute_url(), user=organiser, locale=LOCALE)
    link = page.input_value("#invite-url")
    friend = resident("Jesse", hood)
    join = pages.open(link, user=friend, locale=LOCALE)
    no_serious_violations(join, "join page")
    join.focus("button.button-primary")
    join.keyboard.press("Enter")
    join.wait_for_selector(".messages")
    assert "You are a co-organiser of this initiative now." in join.inner_text(".messages")
    assert list(initiative.co_organisers.all()) == [friend]
    # The co-organiser may change the draft too.
    join.goto(f"/initiatieven/{initiative.public_id}/bewerken/")
    assert join.input_value("#id_title") == initiative.title

    refused = pages.open("/initiatieven/beoordelen/", user=friend, locale=LOCALE)
    assert "This page is for the district teams" in refused.inner_text("h1")
    no_serious_violations(refused, "review refused")
    screenshot(refused, request, "refused")


def test_the_proposal_form_finds_a_place_by_name_and_puts_the_spot_there(pages, hood, request):
    """The search beside the proposal map (shared with the pin form): a district found by
    its name is a button; choosing it puts the spot inside that district and gives the
    keyboard back to the map."""
    lariks = Area.objects.get(code="WK010601")
    assert lariks.name == "Lariks"
    page = pages.open("/initiatieven/nieuw/", user=resident("Noor", hood), locale=LOCALE)
    wait_for_map(page, "#picker-map")
    page.get_by_label("Search for a neighbourhood, street or address").fill("Lariks")
    page.get_by_label("Search for a neighbourhood, street or address").press("Enter")
    found = page.locator("#place-results button").first
    assert "Lariks" in found.inner_text()
    assert page.url.endswith("/initiatieven/nieuw/")  # Enter searched; it did not post
    found.click()
    page.wait_for_function(
        "document.getElementById('location-status').textContent.startsWith('Chosen place')"
    )
    assert page.evaluate("document.activeElement.id") == "picker-map"
    assert page.locator("#place-results button").count() == 0
    lon, lat = page.evaluate(
        "(() => { const f = document.getElementById('initiative-form');"
        " return [Number(f.elements.lon.value), Number(f.elements.lat.value)]; })()"
    )
    assert lariks.geom.contains(Point(lon, lat, srid=4326))
    screenshot(page, request, "place-found")
