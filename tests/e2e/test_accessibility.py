"""axe-core on the main pages: no serious or critical WCAG violations."""

import pytest

from participatie.pins.models import Pin
from tests.e2e.browser import serious_accessibility_violations, wait_for_map

# name: (path, map to wait for, signed in as a resident)
PAGES = {
    "map": ("/", "#map", False),
    "map with pins": ("/#15/52.9950/6.5600", "#map", False),
    "area list": ("/gebieden/", None, False),
    "district page": ("/gebieden/WK010601/", "#area-map", False),
    "pin page": ("/meldingen/{pin}/", "#pin-map", True),
    "new pin form": ("/meldingen/nieuw/", "#picker-map", True),
    "list of reports": ("/meldingen/", None, False),
    "my reports": ("/meldingen/mijn/", None, True),
    "sign-up form": ("/account/aanmelden/", None, False),
    "log-in form": ("/account/inloggen/", None, False),
}


@pytest.mark.parametrize("name", PAGES)
def test_the_page_has_no_serious_accessibility_violations(pages, make_resident, name):
    path, map_selector, signed_in = PAGES[name]
    pin = Pin.objects.public().filter(comment_count__gt=0).order_by("pk").first()
    user = make_resident("Axe") if signed_in else None
    page = pages.open(path.format(pin=pin.public_id), user=user)
    if map_selector:
        wait_for_map(page, map_selector)
    if name == "map with pins":
        page.wait_for_selector("#pin-list[data-loaded=true] li")
        page.wait_for_function("window.participatieMap && window.participatieMap.pinsDrawnAt")
    serious = serious_accessibility_violations(page)
    assert not serious, "\n".join(serious)
