"""The partners' workspace in Chromium: a wijkteam member draws an area on the map, filters,
assigns a report to the housing corporation and answers it publicly; the author gets the
mail and reads the answer on their own page. A buurtteam member sees and answers a
confidential signal that the wijkteam member cannot see. The workspace has no serious
accessibility violations and its table works with the keyboard alone."""

import pytest
from django.conf import settings
from django.core import mail

from participatie.pins.models import Pin
from tests.e2e.browser import screenshot, serious_accessibility_violations
from tests.participatie.accounts.otp import session_key_for
from tests.participatie.factories import (
    BuurtteamFactory,
    StaffFactory,
    UserFactory,
    category,
    pin_create,
    point_in,
    sensitive_category,
)

LARIKS, NOORDERPARK, ASSEN_OOST = "WK010601", "WK010602", "WK010603"
TEAM_DISTRICTS = [LARIKS, NOORDERPARK, ASSEN_OOST]
LARIKS_OOST, LARIKS_WEST = "BU01060100", "BU01060102"
# Half the side of the square drawn around a report, in screen pixels at zoom 17 (~100 m).
HALF_SIDE = 70


def staff_page(pages, user):
    """A browser page signed in as a staff member who entered their second factor."""
    page = pages.new_page()
    cookie = session_key_for(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": pages.base_url}]
    )
    return page


def open_workspace(page, query=""):
    page.goto(f"/werkruimte/{query}")
    page.wait_for_selector("#workspace-map[data-loaded=true]")
    page.wait_for_selector("#workspace-results[data-state=ready]")


def wait_for_address(page, part, *, present=True):
    """The page script keeps the filters in the address (history.pushState, no load)."""
    page.wait_for_function(
        "([part, present]) => location.search.includes(part) === present", arg=[part, present]
    )


def row_titles(page) -> list[str]:
    return page.locator("#workspace-results tbody th a").all_inner_texts()


def wait_for_rows(page, *, present=(), absent=()):
    """Wait until the table (swapped in by the page script) shows these titles, not those."""
    page.wait_for_function(
        """([present, absent]) => {
            const box = document.getElementById("workspace-results");
            if (box.dataset.state !== "ready") return false;
            const titles = [...box.querySelectorAll("tbody th a")].map((a) => a.textContent.trim());
            return present.every((t) => titles.includes(t)) && absent.every((t) => !titles.includes(t));
        }""",
        arg=[list(present), list(absent)],
    )


def screen_point(page, lat, lon):
    """Where a place is on the screen (page coordinates)."""
    point = page.evaluate(
        "([lat, lon]) => participatieWorkspace.map.latLngToContainerPoint([lat, lon])",
        [lat, lon],
    )
    box = page.locator("#workspace-map").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def draw_square_around(page, pin):
    """Draw a square around the pin with leaflet-geoman, by mouse clicks on the map."""
    page.evaluate(
        "([lat, lon]) => participatieWorkspace.map.setView([lat, lon], 17, {animate: false})",
        [pin.geom.y, pin.geom.x],
    )
    page.get_by_role("button", name="Teken een gebied").click()
    page.locator("#workspace-map").scroll_into_view_if_needed()
    x, y = screen_point(page, pin.geom.y, pin.geom.x)
    corners = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
    for dx, dy in corners:
        page.mouse.click(x + dx * HALF_SIDE, y + dy * HALF_SIDE)
    # Clicking the first corner again closes the shape.
    page.mouse.click(x - HALF_SIDE, y - HALF_SIDE)


def test_a_wijkteam_member_draws_an_area_filters_assigns_to_actium_and_answers_publicly(
    pages, request
):
    author = UserFactory(display_name="Karin")
    wijkteam = StaffFactory(districts=TEAM_DISTRICTS)
    lamp = pin_create(
        author,
        title="Lantaarnpaal knippert bij de speeltuin",
        category=category("verlichting"),
        geom=point_in(LARIKS_OOST),
    )
    elsewhere = pin_create(author, title="Losse tegels aan de overkant", geom=point_in(LARIKS_WEST))
    # The second report lies well outside the square drawn around the first (~100 m).
    assert lamp.geom.distance(elsewhere.geom) > 0.004
    assert lamp.partner.slug == "gemeente-assen"  # routed by category

    page = staff_page(pages, wijkteam)
    open_workspace(page)
    assert page.locator("h1").inner_text() == "Werkruimte"

    # Choose the district: the address, the table and the map follow.
    page.get_by_label("Gebied").select_option(LARIKS)
    wait_for_address(page, f"area={LARIKS}")
    wait_for_rows(page)
    screenshot(page, request, "1-district")

    # Draw an area around the lamp post on the map.
    draw_square_around(page, lamp)
    wait_for_address(page, "polygon=")
    wait_for_rows(page, present=[lamp.title], absent=[elsewhere.title])
    assert page.locator("#drawn-area-note").is_visible()
    page.get_by_label("Categorie").select_option("verlichting")
    wait_for_address(page, "category=verlichting")
    wait_for_rows(page, present=[lamp.title], absent=[elsewhere.title])
    titles = row_titles(page)
    in_square = Pin.objects.filter(pk__in=[lamp.pk, elsewhere.pk]).values_list("title", flat=True)
    assert lamp.title in titles and set(titles) & set(in_square) == {lamp.title}
    # The row's marker is on the map; hovering the row highlights it.
    page.locator(f"#row-{lamp.pk}").hover()
    assert page.locator(f".leaflet-marker-icon.is-highlighted[data-pin='{lamp.pk}']").count() == 1
    screenshot(page, request, "2-drawn-and-filtered")
    # The counts per neighbourhood agree with the table (one page: every matching report).
    page.wait_for_selector("#neighbourhood-counts:not([hidden])")
    page.locator("#neighbourhood-counts summary").click()
    counted = page.locator("#neighbourhood-counts tbody tr", has_text="De Lariks Oost")
    in_table = page.locator("#workspace-results tbody tr", has_text="De Lariks Oost").count()
    assert counted.locator("td").inner_text() == str(in_table) and in_table >= 1
    # Exports and the share field carry the same filters.
    for link in page.locator("a[data-export]").all():
        href = link.get_attribute("href")
        assert "category=verlichting" in href and "polygon=" in href and f"area={LARIKS}" in href
    assert "polygon=" in page.locator("#share-url").input_value()

    # Back restores the filters before the category.
    page.go_back()
    wait_for_address(page, "category=", present=False)
    assert page.get_by_label("Categorie").input_value() == ""
    page.go_forward()
    wait_for_address(page, "category=verlichting")
    wait_for_rows(page, present=[lamp.title])

    # Handle it: assign to the housing corporation, then answer publicly.
    page.get_by_role("link", name=lamp.title).click()
    page.wait_for_url(f"**/werkruimte/meldingen/{lamp.pk}/")
    page.get_by_label("Behandelende partner").select_option(label="Actium")
    page.get_by_role("button", name="Toewijzen", exact=True).click()
    page.wait_for_url(f"**/werkruimte/meldingen/{lamp.pk}/#history")
    assert "toegewezen" in page.locator(".messages").inner_text()
    assert "Gemeente Assen → Actium" in page.locator("#history").inner_text()
    lamp.refresh_from_db()
    assert lamp.partner.slug == "actium"

    answer = "Actium vervangt de lamp volgende week. Dank voor het melden!"
    page.get_by_label("Status", exact=True).select_option("planned")
    page.get_by_role("textbox", name="Openbaar antwoord").fill(answer)
    page.get_by_role("button", name="Opslaan en antwoord versturen").click()
    page.wait_for_url(f"**/werkruimte/meldingen/{lamp.pk}/#history")
    lamp.refresh_from_db()
    assert lamp.status == "planned" and lamp.responded_at is not None
    screenshot(page, request, "3-handled")

    # The author gets the answer by mail and reads it on their pin page.
    to_author = [m for m in mail.outbox if author.email in m.to]
    assert len(to_author) == 1 and answer in to_author[0].body
    own = pages.new_page(user=author)
    own.goto(f"/meldingen/{lamp.public_id}/")
    assert answer in own.locator(".history").inner_text()
    assert "Gepland" in own.locator(".pin-header").inner_text()


def test_a_confidential_signal_reaches_the_buurtteam_and_never_the_wijkteam(pages, request):
    wijkteam = StaffFactory(districts=TEAM_DISTRICTS)
    buurtteam = BuurtteamFactory(districts=TEAM_DISTRICTS)
    resident = UserFactory(display_name="Joop")
    signal = pin_create(
        resident,
        category=sensitive_category(),
        title="Mijn buurman komt zijn huis niet meer uit",
        description="Hij lijkt erg eenzaam.",
        geom=point_in(LARIKS_OOST),
    )
    # The buurtteam is told by mail: a link, never the content.
    announced = [m for m in mail.outbox if buurtteam.email in m.to]
    assert len(announced) == 1 and f"/meldingen/{signal.public_id}/" in announced[0].body
    assert "eenzaam" not in announced[0].body and signal.title not in announced[0].body
    for n in range(4):  # with the demo signals, five or more here: counted, never shown
        pin_create(
            UserFactory(),
            category=sensitive_category(),
            title=f"Signaal {n}",
            geom=point_in(LARIKS_OOST),
        )
    expected = (
        Pin.objects.filter(category__is_sensitive=True, neighbourhood__code=LARIKS_OOST)
        .exclude(status="withdrawn")
        .count()
    )
    assert expected >= 5

    # The wijkteam member: no row, no page, only the count per neighbourhood.
    page = staff_page(pages, wijkteam)
    open_workspace(page, f"?area={LARIKS_OOST}&q=zijn+huis+niet+meer+uit")
    assert page.locator("#results-count").inner_text() == "0 meldingen"
    assert signal.title not in row_titles(page)
    counts = page.locator(".confidential-counts").inner_text()
    assert f"De Lariks Oost: {expected}" in counts
    assert page.locator(".ws-confidential").count() >= 1
    assert signal.title not in page.content()
    response = page.goto(f"/werkruimte/meldingen/{signal.pk}/")
    assert response.status == 404

    # The buurtteam member sees it in the table and answers it.
    page = staff_page(pages, buurtteam)
    open_workspace(page, f"?area={LARIKS_OOST}")
    assert page.locator(".confidential-counts").count() == 0
    page.get_by_label("Zoeken").fill("zijn huis niet meer uit")
    page.get_by_label("Zoeken").press("Enter")
    wait_for_rows(page, present=[signal.title])
    assert row_titles(page) == [signal.title]
    page.get_by_role("link", name=signal.title).click()
    page.wait_for_url(f"**/werkruimte/meldingen/{signal.pk}/")
    assert "Vertrouwelijk" in page.locator(".pin-header").inner_text()
    answer = "We komen graag langs. Iemand van het buurtteam belt u deze week."
    page.get_by_label("Status", exact=True).select_option("acknowledged")
    page.get_by_role("textbox", name="Openbaar antwoord").fill(answer)
    page.get_by_role("button", name="Opslaan en antwoord versturen").click()
    page.wait_for_url(f"**/werkruimte/meldingen/{signal.pk}/#history")
    screenshot(page, request, "buurtteam-answered")

    assert any(resident.email in m.to and answer in m.body for m in mail.outbox)
    own = pages.new_page(user=resident)
    own.goto(f"/meldingen/{signal.public_id}/")
    assert answer in own.locator(".history").inner_text()


@pytest.mark.parametrize("where", ["workspace", "handling page"])
def test_the_workspace_has_no_serious_accessibility_violations(pages, where):
    author = UserFactory()
    pin = pin_create(author, geom=point_in(LARIKS_OOST))
    page = staff_page(pages, StaffFactory(districts=TEAM_DISTRICTS))
    if where == "workspace":
        open_workspace(page, f"?area={LARIKS}")
        page.locator("#workspace-results tbody tr").first.wait_for()
    else:
        page.goto(f"/werkruimte/meldingen/{pin.pk}/")
        page.wait_for_selector("#pin-map[data-loaded=true]")
    serious = serious_accessibility_violations(page)
    assert not serious, "\n".join(serious)


def test_the_table_works_with_the_keyboard(pages):
    pin = pin_create(UserFactory(), title="Bankje kapot", geom=point_in(LARIKS_OOST))
    page = staff_page(pages, StaffFactory(districts=TEAM_DISTRICTS))
    open_workspace(page, "?q=Bankje+kapot")
    wait_for_rows(page, present=[pin.title])

    # From the select-all box: the row's checkbox, its link, its "show on map" button.
    page.locator("#select-all").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"select-{pin.pk}"
    page.keyboard.press("Space")
    assert page.locator(f"#select-{pin.pk}").is_checked()
    assert "1" in page.locator("#selection-count").inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == pin.title
    # The focused row's marker is highlighted on the map.
    assert page.locator(f".leaflet-marker-icon.is-highlighted[data-pin='{pin.pk}']").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.showOnMap") == str(pin.pk)
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup .popup-title")
    assert page.locator(".leaflet-popup .popup-title").inner_text() == pin.title
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('.leaflet-popup')")
    assert page.evaluate("document.activeElement.dataset.showOnMap") == str(pin.pk)
    # A click on the report's marker takes the focus to its row.
    page.locator("#select-all").focus()
    page.locator(f".leaflet-marker-icon[data-pin='{pin.pk}']").click()
    assert page.evaluate("document.activeElement.textContent.trim()") == pin.title
    assert "is-highlighted" in page.locator(f"#row-{pin.pk}").get_attribute("class")
    # Map shapes are no tab stops: nothing inside the map's panes takes the focus.
    assert page.locator(".leaflet-pane [tabindex]:not([tabindex='-1'])").count() == 0


def test_the_overview_switches_between_clusters_and_heat(pages):
    for n in range(3):
        pin_create(UserFactory(), title=f"Overzicht {n}", geom=point_in(LARIKS_OOST))
    page = staff_page(pages, StaffFactory(districts=TEAM_DISTRICTS))
    open_workspace(page, f"?area={LARIKS}")
    assert page.locator(".ws-cluster").count() >= 1
    assert page.locator(".leaflet-heatmap-layer").count() == 0
    page.get_by_role("radio", name="Hittekaart").check()
    page.wait_for_selector(".leaflet-heatmap-layer")
    assert page.locator(".leaflet-pane .ws-cluster").count() == 0
    page.get_by_role("radio", name="Geen van beide").check()
    assert page.locator(".leaflet-heatmap-layer").count() == 0
    assert page.locator(".leaflet-pane .ws-cluster").count() == 0


def test_without_javascript_the_filters_and_the_table_still_work(pages):
    east = pin_create(UserFactory(), title="Zonder script oost", geom=point_in(LARIKS_OOST))
    west = pin_create(UserFactory(), title="Zonder script west", geom=point_in(LARIKS_WEST))
    user = StaffFactory(districts=TEAM_DISTRICTS)
    page = pages.new_page(javascript=False)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_key_for(user),
          "url": pages.base_url}]
    )  # fmt: skip
    page.goto("/werkruimte/?q=Zonder+script")
    assert set(row_titles(page)) == {east.title, west.title}
    assert page.locator("#workspace-map").is_hidden()
    page.get_by_label("Gebied").select_option(LARIKS_OOST)
    page.get_by_role("button", name="Tonen", exact=True).click()
    page.wait_for_url(f"**/werkruimte/?q=Zonder+script&area={LARIKS_OOST}**")
    assert row_titles(page) == [east.title]
