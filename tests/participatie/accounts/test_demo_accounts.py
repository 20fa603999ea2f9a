import base64
import io
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP

from participatie.accounts import demo
from participatie.accounts.models import User

pytestmark = pytest.mark.django_db

STAFF = {"ontwerper", "wijkteam", "buurtteam", "beheerder"}


@pytest.fixture
def local_files(tmp_path, monkeypatch):
    """The demo's git-ignored files in a folder of this test."""
    monkeypatch.setattr(demo, "_password_file", lambda: tmp_path / "demo-accounts.txt")
    monkeypatch.setattr(demo, "_totp_file", lambda: tmp_path / "demo-totp.txt")
    return tmp_path


def code_from_uri(uri: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app that scanned this otpauth URI shows (RFC 6238)."""
    query = parse_qs(urlsplit(uri).query)
    secret = query["secret"][0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key, step=int(query["period"][0]), t0=0, digits=int(query["digits"][0]))
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def test_demo_accounts_are_verified_have_display_names_and_residents_log_in_by_email(
    client, local_files
):
    accounts = demo.demo_accounts_ensure()
    assert {account.username for account in accounts} == {a[0] for a in demo.DEMO_ACCOUNTS}
    for user in User.objects.filter(username__in=[a[0] for a in demo.DEMO_ACCOUNTS]):
        assert user.email_verified_at is not None
        assert user.display_name
        assert user.can_participate

    resident = next(a for a in accounts if a.username == "bewoner")
    assert resident.totp_uri == ""
    response = client.post(
        "/account/inloggen/", {"email": resident.email, "password": resident.password}
    )
    assert response.status_code == 302


def test_demo_staff_log_in_with_the_printed_key_and_keep_it_on_the_next_run(client, local_files):
    accounts = {a.username: a for a in demo.demo_accounts_ensure()}
    assert {name for name, a in accounts.items() if a.totp_uri} == STAFF
    wijkteam = accounts["wijkteam"]
    assert wijkteam.totp_secret.replace(" ", "") in wijkteam.totp_uri
    assert "demo-totp.txt" in {p.name for p in local_files.iterdir()}
    assert oct((local_files / "demo-totp.txt").stat().st_mode & 0o777) == "0o600"

    # A second run (make run again) keeps the keys: the authenticator app keeps working.
    again = {a.username: a for a in demo.demo_accounts_ensure()}
    assert again["wijkteam"].totp_uri == wijkteam.totp_uri

    response = client.post(
        "/account/inloggen/", {"email": wijkteam.email, "password": wijkteam.password}
    )
    assert response["Location"].startswith("/account/code/")
    response = client.post(
        "/account/code/", {"code": code_from_uri(wijkteam.totp_uri), "next": "/werkruimte/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/werkruimte/")

    # The developer's shortcut prints the same code as the app would, for demo staff only.
    out = io.StringIO()
    call_command("demo_code", "buurtteam", stdout=out)
    assert out.getvalue().strip() in {
        code_from_uri(accounts["buurtteam"].totp_uri, steps_ahead=s) for s in (-1, 0)
    }
    assert demo.demo_code("bewoner") is None


def test_setup_demo_prints_the_keys_of_the_staff(local_files, monkeypatch):
    from participatie.demo.management.commands import setup_demo

    # The loaders have tests of their own; this is about what is printed.
    monkeypatch.setattr(setup_demo, "call_command", lambda *args, **kwargs: None)
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    text = out.getvalue()
    assert "/account/inloggen/" in text
    for account in demo.demo_accounts_ensure():
        assert account.password in text
        if account.username in STAFF:
            assert account.totp_secret in text and account.totp_uri in text
