"""A resident reads the privacy statement, downloads their data and deletes their account,
in Chromium, in Dutch, with axe clean on every page of the way."""

import json
import zipfile

from django.conf import settings

from participatie.accounts.models import User
from participatie.pins.models import Pin
from tests.e2e.browser import serious_accessibility_violations
from tests.participatie.factories import pin_create

PASSWORD = "not-used-9876"  # make_resident's


def axe_clean(page):
    serious = serious_accessibility_violations(page)
    assert not serious, "\n".join(serious)


def test_the_privacy_statement_is_linked_from_the_footer_and_names_the_periods(pages):
    page = pages.open("/gebieden/")
    page.locator("footer").get_by_role("link", name="Privacy").click()
    page.wait_for_url("**/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "Privacyverklaring"
    text = page.locator("main").inner_text()
    days = settings.CONFIDENTIAL_RETENTION_DAYS
    assert f"{days} dagen nadat ze zijn afgesloten" in text
    assert f"na {settings.UNCONFIRMED_ACCOUNT_DAYS} dagen" in text
    axe_clean(page)


def test_a_resident_downloads_their_data_and_deletes_the_account(pages, make_resident, tmp_path):
    resident = make_resident("Vertrekker")
    pin = pin_create(resident, title="Bankje bij de speeltuin", kind="idea")

    page = pages.open("/account/", user=resident)
    axe_clean(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download je gegevens").click()
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        features = json.loads(archive.read("pins.geojson"))["features"]
        account = json.loads(archive.read("account.json"))
    assert [(f["id"], f["properties"]["title"]) for f in features] == [
        (pin.public_id, "Bankje bij de speeltuin")
    ]
    assert account["email"] == resident.email

    page.get_by_role("link", name="Verwijder je account").click()
    page.wait_for_url("**/account/verwijderen/")
    axe_clean(page)

    # A wrong password: the error summary names it, nothing is deleted.
    page.get_by_label("Laat ze zonder mijn naam op de kaart staan").check()
    page.get_by_label("Je wachtwoord").fill("verkeerd")
    page.get_by_role("button", name="Verwijder mijn account").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "Dit is niet je wachtwoord." in summary.inner_text()
    assert User.objects.filter(pk=resident.pk).exists()
    axe_clean(page)

    page.get_by_label("Laat ze zonder mijn naam op de kaart staan").check()
    page.get_by_label("Je wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Verwijder mijn account").click()
    page.wait_for_url("**/account/verwijderd/")
    assert page.get_by_role("heading", level=1).inner_text() == "Je account is verwijderd"
    axe_clean(page)

    assert not User.objects.filter(pk=resident.pk).exists()
    pin.refresh_from_db()
    assert pin.author_id is None and Pin.objects.public().filter(pk=pin.pk).exists()
    # Logged out: My account asks to log in again.
    page.goto("/account/")
    page.wait_for_url("**/account/inloggen/**")
