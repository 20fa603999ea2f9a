"""Dutch by default, English on request."""

from tests.e2e.browser import screenshot, wait_for_map


def test_switching_to_english_shows_the_interface_in_english(pages, request):
    page = pages.open("/")
    wait_for_map(page)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("checkbox", name="Speelplekken", exact=True).is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/")
    wait_for_map(page)

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Map of Assen"
    assert page.get_by_role("checkbox", name="Playgrounds", exact=True).is_visible()
    assert page.get_by_role("link", name="Areas", exact=True).is_visible()
    assert "Priority district" in page.locator(".legend").inner_text()

    page.get_by_role("link", name="Areas", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Areas"
    screenshot(page, request)

    page.get_by_role("button", name="Nederlands").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Gebieden"
