"""The resident's API tokens page in Chromium: no script needed, the keyboard reaches each
token's revoke button, and the revoked token no longer opens the account."""

import pytest
import requests

from tests.e2e.browser import serious_accessibility_violations
from tests.participatie.accounts.factories import api_key_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_revokes_a_lost_phones_token_with_the_keyboard_and_no_script(
    pages, make_resident, site
):
    resident = make_resident("Tokenbewoner")
    phone = api_key_for(resident, label="Telefoon")
    script = api_key_for(resident, label="Script")

    def status_with(key):
        return requests.get(
            f"{site}/api/v1/public/me/pins/", headers={"Authorization": f"Token {key}"}, timeout=30
        ).status_code

    assert (status_with(phone), status_with(script)) == (200, 200)

    checked = pages.open("/account/apps/", user=resident)
    assert serious_accessibility_violations(checked) == []

    page = pages.open("/account/apps/", user=resident, javascript=False)
    label = f"Telefoon ({phone[:8]}…) intrekken"
    for _ in range(40):  # through the header and the page, to the phone's button
        page.keyboard.press("Tab")
        if page.locator(":focus").get_attribute("aria-label") == label:
            break
    else:
        pytest.fail(f"the keyboard never reached the button {label!r}")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/apps/")
    page.get_by_text("Het token is ingetrokken").wait_for()
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Script" in rows.first.inner_text()

    assert status_with(phone) == 401
    assert status_with(script) == 200
