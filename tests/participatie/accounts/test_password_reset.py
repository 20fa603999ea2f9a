"""Forgotten passwords: the mail arrives, the link works once, and confirms the address."""

import pytest
from django.urls import reverse

from tests.participatie.accounts.factories import PASSWORD, link_in
from tests.participatie.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "nieuwe-brink-wandeling-7"


def test_the_password_reset_mail_arrives_and_its_link_sets_a_new_password(client, mailoutbox):
    user = UserFactory(password=PASSWORD, email="anna@example.org", verified=False)
    response = client.post(reverse("password-reset"), {"email": "Anna@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password-reset-done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]

    link = link_in(mailoutbox[0], "/account/wachtwoord-herstellen/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password-reset-complete")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link reached the mailbox, so the address is confirmed as well.
    assert user.email_verified_at is not None
    login = client.post(reverse("login"), {"email": "anna@example.org", "password": NEW_PASSWORD})
    assert login.status_code == 302

    # The link works only once.
    client.post(reverse("logout"))
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "This link is not valid any more" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, mailoutbox):
    response = client.post(reverse("password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password-reset-done")
    assert mailoutbox == []


def test_password_reset_is_limited_per_address(client, mailoutbox, settings):
    settings.ACCOUNT_RATE_PASSWORD_RESET = "5/d"
    for n in range(5):
        client.post(reverse("password-reset"), {"email": f"n{n}@example.org"})
    response = client.post(reverse("password-reset"), {"email": "n6@example.org"})
    assert response.status_code == 429


def test_a_logged_in_resident_can_change_their_password(client):
    user = UserFactory(password=PASSWORD)
    client.force_login(user)

    response = client.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
