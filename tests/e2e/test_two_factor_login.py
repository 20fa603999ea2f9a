"""A new wijkteam member logs in in Chromium: password, setting up the authenticator (the
QR code drawn by the page, the key typed into "the app"), the code, the workspace. Then
the second log-in asks only for the code. Both code pages are clean for axe."""

from __future__ import annotations

import base64
import time

from django_otp.oath import TOTP

from tests.e2e.browser import screenshot, serious_accessibility_violations
from tests.participatie.factories import StaffFactory

PASSWORD = "wijkteam-lariks-2026"


def app_code(key_text: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for a key typed in by hand (RFC 6238)."""
    compact = key_text.replace(" ", "")
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def log_in(page, email: str):
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def test_a_new_staff_member_sets_up_the_authenticator_and_reaches_the_workspace(pages, request):
    member = StaffFactory(email="nieuw.wijkteam@example.org", districts=["WK010603"])
    member.set_password(PASSWORD)
    member.save()

    page = pages.new_page()
    log_in(page, member.email)
    page.wait_for_url("**/account/code/instellen/**")
    qr = page.locator(".qr-code svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 120 and box["height"] >= 120  # big enough to scan
    key_text = page.locator("code.secret").first.inner_text()
    assert len(key_text.replace(" ", "")) == 32  # 160 bits in base32
    assert not serious_accessibility_violations(page), serious_accessibility_violations(page)
    screenshot(page, request, "setup")

    page.get_by_label("Code uit je authenticator-app").fill(app_code(key_text))
    page.get_by_role("button", name="Bevestigen en inloggen").click()
    page.wait_for_url("**/werkruimte/**")
    assert "Inloggen in twee stappen is ingesteld" in page.content()

    # Next time: only the code.
    page.context.clear_cookies()
    log_in(page, member.email)
    page.wait_for_url("**/account/code/?next=**")
    assert page.locator(".qr-code").count() == 0
    assert not serious_accessibility_violations(page), serious_accessibility_violations(page)
    right = {app_code(key_text, steps_ahead=s) for s in (-1, 0, 1)}
    wrong = next(code for code in ("000000", "111111", "222222") if code not in right)
    page.get_by_label("Code uit je authenticator-app").fill(wrong)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_selector(".error-summary")
    assert "Deze code klopt niet" in page.locator(".error-summary").inner_text()
    assert not serious_accessibility_violations(page), serious_accessibility_violations(page)
    screenshot(page, request, "wrong-code")
