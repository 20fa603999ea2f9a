"""E-mail verification links: expiring, tamper-proof, re-sendable."""

import time

import pytest
from django.core import signing
from django.urls import reverse

from participatie.accounts import tokens
from tests.participatie.accounts.factories import PASSWORD, link_in
from tests.participatie.factories import UserFactory

pytestmark = pytest.mark.django_db


def verify_url(user) -> str:
    return reverse("verify-email", args=[tokens.email_verification_token(user)])


def test_an_expired_link_is_refused_with_a_message(client, monkeypatch):
    user = UserFactory(password=PASSWORD, verified=False)
    four_days_ago = time.time() - 4 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: four_days_ago)
        url = verify_url(user)

    response = client.get(url)
    assert response.status_code == 400
    assert "This link has expired." in response.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_of_almost_three_days_old_still_works(client, monkeypatch):
    user = UserFactory(password=PASSWORD, verified=False)
    nearly_three_days_ago = time.time() - (3 * 24 * 3600 - 60)
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: nearly_three_days_ago)
        url = verify_url(user)
    assert client.get(url).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "not-a-token",
    ],
    ids=["signature", "payload", "garbage"],
)
def test_a_tampered_link_is_refused_with_a_message(client, tamper):
    user = UserFactory(password=PASSWORD, verified=False)
    token = tokens.email_verification_token(user)
    response = client.get(reverse("verify-email", args=[tamper(token)]))
    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_stops_working_when_the_email_address_changes(client):
    user = UserFactory(password=PASSWORD, verified=False)
    url = verify_url(user)
    user.email = "other@example.org"
    user.save()
    assert client.get(url).status_code == 400


def test_a_link_of_a_deactivated_account_is_refused(client):
    user = UserFactory(password=PASSWORD, verified=False, is_active=False)
    assert client.get(verify_url(user)).status_code == 400


def test_a_new_link_can_be_requested_without_revealing_accounts(client, mailoutbox):
    UserFactory(password=PASSWORD, email="anna@example.org", verified=False)
    url = reverse("resend-verification")

    unknown = client.post(url, {"email": "nobody@example.org"})
    assert mailoutbox == []
    known = client.post(url, {"email": "Anna@Example.org"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == reverse("signup-done")
    assert len(mailoutbox) == 1
    response = client.get(link_in(mailoutbox[0], "/account/bevestigen/"))
    assert response.status_code == 302


def test_a_logged_in_unverified_resident_can_ask_for_a_new_link(client, mailoutbox):
    user = UserFactory(password=PASSWORD, verified=False)
    client.force_login(user)
    page = client.get(reverse("account")).content.decode()
    assert "Not confirmed yet." in page
    response = client.post(reverse("resend-verification"), follow=True)
    assert "We have sent you a new link." in response.content.decode()
    assert mailoutbox[0].to == [user.email]


def test_no_new_link_is_sent_to_a_verified_address(client, mailoutbox):
    UserFactory(password=PASSWORD, email="anna@example.org")
    client.post(reverse("resend-verification"), {"email": "anna@example.org"})
    assert mailoutbox == []
