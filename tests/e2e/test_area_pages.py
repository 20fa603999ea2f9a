"""The area pages: the list alternative to the map, usable without JavaScript."""

from playwright.sync_api import expect

from maps.models import Area, Playground
from tests.e2e.browser import screenshot


def a_neighbourhood_with_playgrounds():
    for hood in Area.objects.neighbourhoods().order_by("code"):
        playgrounds = list(Playground.objects.within_area(hood).order_by("name"))
        if len(playgrounds) >= 2:
            return hood, playgrounds
    raise AssertionError("the demo content has no neighbourhood with playgrounds")


def test_the_area_list_shows_every_district_with_its_neighbourhoods(pages, request):
    page = pages.open("/gebieden/", javascript=False)

    districts = page.locator("section.district-card")
    assert districts.count() == 10
    lariks = districts.filter(has=page.get_by_role("heading", name="Lariks"))
    assert "Robuuste wijk" in lariks.locator("h2").inner_text()
    assert (
        lariks.locator(".neighbourhood-list li").count()
        == Area.objects.get(code="WK010601").children.count()
    )
    assert page.locator(".district-card--priority").count() == 3
    screenshot(page, request)


def test_a_neighbourhood_page_lists_its_playgrounds_without_javascript(pages, request):
    hood, playgrounds = a_neighbourhood_with_playgrounds()
    page = pages.open("/gebieden/", javascript=False)

    page.get_by_role("link", name=hood.name, exact=True).first.click()
    # The click only starts the navigation: the heading arrives before the rest of the
    # page has been parsed, so wait for the whole document before counting rows.
    page.wait_for_url(f"**/gebieden/{hood.code}/")
    page.wait_for_load_state("load")

    assert page.get_by_role("heading", level=1).inner_text().startswith(hood.name)
    table = page.get_by_role("table", name=f"Speelplekken in {hood.name}")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(playgrounds))
    names = rows.locator("th").all_inner_texts()
    for playground in playgrounds:
        assert any(name.startswith(playground.name) for name in names), playground.name
    assert page.get_by_role("link", name=hood.parent.name).first.is_visible()
    screenshot(page, request)


def test_an_unknown_area_code_gives_a_not_found_page(pages):
    page = pages.new_page()
    response = page.goto("/gebieden/WK999999/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
    assert page.get_by_role("link", name="Naar de lijst met gebieden").is_visible()
