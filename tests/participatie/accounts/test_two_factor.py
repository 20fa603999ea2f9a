"""Staff log in in two steps: the password, then a code from an authenticator app (TOTP).

Codes are computed here from the key the page shows (django_otp.oath.TOTP, RFC 6238), as an
authenticator app would, never taken from the code under test.
"""

from __future__ import annotations

import base64
import re
import time
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.participatie.accounts.factories import PASSWORD
from tests.participatie.accounts.otp import login_staff, staff_device, totp_code
from tests.participatie.factories import (
    AdminFactory,
    BuurtteamFactory,
    DesignerFactory,
    StaffFactory,
    UserFactory,
    pin_create,
    sensitive_category,
)
from tests.problems import field_errors, problem

pytestmark = pytest.mark.django_db

CODE_PAGE = "/account/code/"
SETUP_PAGE = "/account/code/instellen/"
WORKSPACE = "/werkruimte/"

STAFF_KINDS = {
    "wijkteam": lambda: StaffFactory(),
    "buurtteam": lambda: BuurtteamFactory(),
    "designer": lambda: DesignerFactory(),
    "programme administrator": lambda: AdminFactory(),
    "superuser without a staff role": lambda: UserFactory(password=PASSWORD, is_superuser=True),
}


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, user, next_url: str = ""):
    """The first step, through the log-in page as a person does it."""
    data = {"email": user.email, "password": PASSWORD}
    path = "/account/inloggen/" + (f"?next={quote(next_url)}" if next_url else "")
    return client.post(path, data)


def code_from_key(key_text: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for a base32 key typed in by hand (RFC 6238)."""
    compact = key_text.replace(" ", "")
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def a_wrong_code(device: TOTPDevice) -> str:
    """Six digits that are not the code of this period nor of the periods either side."""
    near = {totp_code(device, steps_ahead=step) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(0, 1_000_000, 137_911) if f"{n:06d}" not in near)


def location(response) -> str:
    return response["Location"]


def code_page_for(next_url: str) -> str:
    return f"{CODE_PAGE}?next={quote(next_url, safe='')}"


# --- who is asked -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_every_staff_role_is_sent_to_the_code_page_after_the_password(client, kind):
    user = with_password(STAFF_KINDS[kind]())
    staff_device(user)
    response = log_in(client, user, next_url="/meldingen/")
    assert response.status_code == 302
    assert location(response) == code_page_for("/meldingen/")
    # Until the code, the password alone opens nothing: not even the public pages.
    assert location(client.get("/meldingen/")) == code_page_for("/meldingen/")


def test_a_resident_is_never_asked_for_a_code(client):
    resident = UserFactory(password=PASSWORD)
    response = log_in(client, resident, next_url="/meldingen/")
    assert (response.status_code, location(response)) == (302, "/meldingen/")
    assert client.get("/meldingen/mijn/").status_code == 200
    # The code pages have nothing for a resident: straight on to where they were going.
    assert location(client.get(CODE_PAGE + "?next=/meldingen/")) == "/meldingen/"
    assert location(client.get(SETUP_PAGE)) == "/"
    assert not TOTPDevice.objects.filter(user=resident).exists()


def test_staff_without_an_authenticator_are_sent_on_to_set_one_up(client):
    user = with_password(StaffFactory())
    response = log_in(client, user)
    # No page asked for: the wijkteam's start page is the workspace.
    assert location(response) == code_page_for(WORKSPACE)
    assert location(client.get(location(response))) == (
        f"{SETUP_PAGE}?next={quote(WORKSPACE, safe='')}"
    )


# --- enrolling ------------------------------------------------------------------------------


def test_enrolling_shows_a_qr_code_and_the_key_and_a_first_code_completes_the_log_in(client):
    user = with_password(StaffFactory())
    log_in(client, user)
    page = client.get(f"{SETUP_PAGE}?next={WORKSPACE}")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()

    # The QR code is drawn in the page itself (inline SVG), not fetched from anywhere.
    assert re.search(r'<div class="qr-code" role="img"[^>]*>\s*<svg', html)
    assert not re.search(r'<img[^>]+src="https?://', html)
    key_text = re.search(r'<code class="secret"[^>]*>([A-Z2-7 ]+)</code>', html).group(1)
    uri = unescape(re.search(r'<code class="secret secret--uri">([^<]+)</code>', html).group(1))
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    query = parse_qs(parts.query)
    assert query["secret"] == [key_text.replace(" ", "")]
    assert query["issuer"] == ["Mijn Buurt Assen"]
    assert parts.path.endswith(user.username)

    # Scanning twice shows the same key: the page does not make a new one each time.
    assert key_text in client.get(SETUP_PAGE).content.decode()

    response = client.post(SETUP_PAGE, {"code": code_from_key(key_text), "next": WORKSPACE})
    assert (response.status_code, location(response)) == (302, WORKSPACE)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert client.get("/meldingen/").status_code == 200

    # The next log-in asks for the code of the same authenticator.
    client.logout()
    log_in(client, user)
    response = client.post(
        CODE_PAGE, {"code": code_from_key(key_text, steps_ahead=1), "next": WORKSPACE}
    )
    assert (response.status_code, location(response)) == (302, WORKSPACE)


def test_a_wrong_first_code_does_not_enrol(client):
    user = with_password(StaffFactory())
    log_in(client, user)
    html = client.get(SETUP_PAGE).content.decode()
    key_text = re.search(r'<code class="secret"[^>]*>([A-Z2-7 ]+)</code>', html).group(1)
    right = {code_from_key(key_text, steps_ahead=s) for s in (-1, 0, 1)}
    wrong = next(c for c in ("123456", "654321", "000000") if c not in right)
    response = client.post(SETUP_PAGE, {"code": wrong})
    assert response.status_code == 400
    assert "This code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert location(client.get("/meldingen/")).startswith(CODE_PAGE)


def test_with_an_authenticator_the_password_alone_cannot_set_up_another(client):
    user = with_password(StaffFactory())
    device = staff_device(user)
    log_in(client, user)
    response = client.get(SETUP_PAGE)
    assert location(response).startswith(CODE_PAGE)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
    assert "secret" not in client.get(CODE_PAGE).content.decode()


# --- verifying ---------------------------------------------------------------------------


def test_the_code_opens_the_page_that_was_asked_for(client):
    user = with_password(BuurtteamFactory())
    device = staff_device(user)
    log_in(client, user, next_url="/meldingen/")
    page = client.get(code_page_for("/meldingen/"))
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    # Spaces, as some apps show them ("123 456"), are fine.
    code = totp_code(device)
    response = client.post(CODE_PAGE, {"code": f"{code[:3]} {code[3:]}", "next": "/meldingen/"})
    assert (response.status_code, location(response)) == (302, "/meldingen/")
    assert client.get("/meldingen/").status_code == 200


def test_a_wrong_code_is_refused_and_the_back_off_grows(client):
    user = with_password(StaffFactory())
    device = staff_device(user)
    log_in(client, user)
    response = client.post(CODE_PAGE, {"code": a_wrong_code(device)})
    assert response.status_code == 400
    assert "This code is not right" in response.content.decode()

    # Right after a wrong one, even the right code waits (django-otp's back-off: 1 s, 2 s,
    # 4 s …): guessing a million codes would take forever.
    response = client.post(CODE_PAGE, {"code": totp_code(device)})
    assert response.status_code == 400
    assert "Wait 1 second" in response.content.decode()
    assert location(client.get(WORKSPACE)).startswith(CODE_PAGE)

    # Two seconds later (the clock of the last failure moved back), the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=2)
    )
    response = client.post(CODE_PAGE, {"code": totp_code(device), "next": WORKSPACE})
    assert (response.status_code, location(response)) == (302, WORKSPACE)


def test_a_code_that_is_not_six_digits_is_explained(client):
    user = with_password(StaffFactory())
    staff_device(user)
    log_in(client, user)
    response = client.post(CODE_PAGE, {"code": "12ab"})
    assert response.status_code == 400
    assert "A code is six digits." in response.content.decode()


def test_a_code_works_once(client):
    user = with_password(StaffFactory())
    device = staff_device(user)
    code = totp_code(device)
    log_in(client, user)
    assert client.post(CODE_PAGE, {"code": code, "next": WORKSPACE}).status_code == 302
    client.logout()
    log_in(client, user)
    # Someone who saw the code over a shoulder cannot use it again.
    response = client.post(CODE_PAGE, {"code": code})
    assert response.status_code == 400
    assert location(client.get(WORKSPACE)).startswith(CODE_PAGE)


def test_codes_are_rate_limited_per_address_and_per_account(client, settings):
    settings.ACCOUNT_RATE_TWO_FACTOR = "3/d"
    user = with_password(StaffFactory())
    device = staff_device(user)
    log_in(client, user)
    for _ in range(3):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        assert client.post(CODE_PAGE, {"code": a_wrong_code(device)}).status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(CODE_PAGE, {"code": totp_code(device)})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts" in response.content.decode()
    # Another address does not help: the account's own count is full too.
    response = client.post(CODE_PAGE, {"code": totp_code(device)}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 429
    assert location(client.get(WORKSPACE, REMOTE_ADDR="10.1.2.3")).startswith(CODE_PAGE)


def test_a_next_address_on_another_site_is_not_followed(client):
    user = with_password(StaffFactory())
    device = staff_device(user)
    log_in(client, user)
    response = client.post(CODE_PAGE, {"code": totp_code(device), "next": "https://evil.example/"})
    assert location(response) == WORKSPACE


def test_logging_out_works_before_the_code(client):
    user = with_password(StaffFactory())
    staff_device(user)
    log_in(client, user)
    response = client.post("/account/uitloggen/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- what the second factor guards --------------------------------------------------------


def test_the_workspace_needs_the_code(client):
    user = StaffFactory()
    client.force_login(user)  # the password step only
    response = client.get(WORKSPACE)
    assert (response.status_code, location(response)) == (302, code_page_for(WORKSPACE))
    assert location(client.get(WORKSPACE + "export/")).startswith(CODE_PAGE)

    login_staff(client, user)
    response = client.get(WORKSPACE)
    assert not (response.status_code == 302 and location(response).startswith(CODE_PAGE))
    assert response.status_code == 200


def test_the_admin_needs_the_code(client):
    admin = AdminFactory(is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert (response.status_code, location(response)) == (302, code_page_for("/admin/"))
    assert location(client.get("/admin/pins/pin/")).startswith(CODE_PAGE)

    login_staff(client, admin)
    assert client.get("/admin/").status_code == 200


def test_before_the_code_a_staff_member_sees_no_more_than_the_public(client):
    resident = UserFactory(password=PASSWORD)
    hidden_signal = pin_create(resident, category=sensitive_category())
    buurtteam = BuurtteamFactory()  # every district: the signal is theirs
    client.force_login(buurtteam)
    page = f"/meldingen/{hidden_signal.public_id}/"
    assert location(client.get(page)) == code_page_for(page)
    for path in (
        f"/api/v1/public/pins/{hidden_signal.public_id}/",
        "/api/v1/public/me/pins/",
        "/tiles/pins/14/8534/5397.pbf",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "authenticator" in problem(response)["detail"], path

    login_staff(client, buurtteam)
    assert hidden_signal.title in client.get(page).content.decode()
    assert client.get(f"/api/v1/public/pins/{hidden_signal.public_id}/").status_code == 200


def test_staff_get_no_api_token_which_would_skip_the_code(client):
    staff = with_password(StaffFactory())
    response = client.post(
        "/api/v1/public/auth/token/",
        {"email": staff.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "two steps" in field_errors(response)["non_field_errors"][0]
    resident = UserFactory(password=PASSWORD)
    response = client.post(
        "/api/v1/public/auth/token/",
        {"email": resident.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["token"]


def test_the_setting_switches_it_off(client, settings):
    settings.STAFF_TWO_FACTOR = False
    user = with_password(StaffFactory())
    response = log_in(client, user)
    assert location(response) == WORKSPACE
    assert client.get("/meldingen/").status_code == 200
    assert client.get(WORKSPACE).status_code == 200


def test_the_helper_for_other_tests_logs_staff_in_with_the_code_done(client):
    staff = StaffFactory()
    login_staff(client, staff)
    assert client.get("/meldingen/").status_code == 200
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


@pytest.mark.parametrize("path", ["/admin/", WORKSPACE])
def test_the_admin_and_the_staff_gate_ask_for_the_code_by_themselves(client, settings, path):
    """Without the middleware (a project that drops it), the admin site and staff_required
    still ask for the code: two locks, each of which holds."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("StaffTwoFactorMiddleware")
    ]
    user = AdminFactory(is_superuser=True) if path == "/admin/" else StaffFactory()
    client.force_login(user)
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith(CODE_PAGE)
    login_staff(client, user)
    assert client.get(path).status_code == 200
