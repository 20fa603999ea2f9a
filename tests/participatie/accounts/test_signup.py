"""Signing up: a verification mail, no leaks about existing accounts, errors in the page."""

import pytest
from django.urls import reverse

from participatie.accounts.models import User
from tests.participatie.accounts.factories import PASSWORD, link_in, signup_data
from tests.participatie.factories import UserFactory

pytestmark = pytest.mark.django_db
SIGNUP = "/account/aanmelden/"


def test_the_signup_page_lists_neighbourhoods_grouped_by_district(client, neighbourhood):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<optgroup label="{neighbourhood.parent.name}">' in html
    assert f'value="{neighbourhood.code}"' in html
    assert 'name="consent"' in html
    # Without a configured look-up there are no address fields.
    assert 'name="postcode"' not in html


def test_signup_sends_a_verification_mail_and_the_link_verifies_and_logs_in(
    client, mailoutbox, neighbourhood
):
    response = client.post(SIGNUP, signup_data(home_neighbourhood=neighbourhood.code))
    assert response.status_code == 302
    assert response["Location"] == reverse("signup-done")

    user = User.objects.get(email="nieuw@example.org")
    assert user.email_verified_at is None
    assert not user.can_participate
    assert user.display_name == "Anna uit de Lariks"
    assert user.home_neighbourhood == neighbourhood
    assert user.role == User.Role.RESIDENT
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nieuw@example.org"]

    response = client.get(link_in(mailoutbox[0], "/account/bevestigen/"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("account")
    assert response.context["user"] == user
    assert "Your e-mail address is confirmed" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert user.can_participate


def test_a_used_verification_link_does_not_log_in_again(client, mailoutbox):
    client.post(SIGNUP, signup_data())
    link = link_in(mailoutbox[0], "/account/bevestigen/")
    client.get(link)
    client.post(reverse("logout"))

    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_display_name_defaults_to_resident(client, mailoutbox):
    client.post(SIGNUP, signup_data(display_name=""))
    user = User.objects.get(email="nieuw@example.org")
    assert user.display_name == ""
    assert user.public_name == "Resident"


@pytest.mark.parametrize("email", ["anna@example.org", "ANNA@Example.ORG", " Anna@example.org "])
def test_a_second_signup_with_the_same_email_in_any_case_creates_no_account_and_leaks_nothing(
    client, mailoutbox, email
):
    existing = UserFactory(password=PASSWORD, email="anna@example.org")
    new_address = client.post(SIGNUP, signup_data(email="someone.else@example.org"))
    mailoutbox.clear()

    response = client.post(
        SIGNUP, signup_data(email=email, password1="Other-pass-123x", password2="Other-pass-123x")
    )
    assert response.status_code == new_address.status_code == 302
    assert response["Location"] == new_address["Location"]
    assert User.objects.filter(email__iexact="anna@example.org").count() == 1
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)
    # The owner hears about it, with a way in; no verification link for someone else's address.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]
    assert "already have an account" in mailoutbox[0].body
    assert "/account/bevestigen/" not in mailoutbox[0].body
    assert "/account/wachtwoord-vergeten/" in mailoutbox[0].body


def test_mismatched_passwords_are_shown_in_the_page(client, mailoutbox):
    response = client.post(SIGNUP, signup_data(password2="something-else-42"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The two passwords are not the same." in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="nieuw@example.org").exists()
    assert mailoutbox == []


def test_an_invalid_email_is_shown_in_the_page_and_the_input_is_kept(client):
    response = client.post(SIGNUP, signup_data(email="not-an-address"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="not-an-address"' in html
    assert PASSWORD not in html  # passwords are never echoed
    assert response.context["form"].errors["email"]


def test_a_weak_password_is_refused_with_the_validators_message(client):
    response = client.post(SIGNUP, signup_data(password1="12345678", password2="12345678"))
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_signing_up_needs_consent_with_the_privacy_statement(client):
    data = signup_data()
    del data["consent"]
    response = client.post(SIGNUP, data)
    assert response.status_code == 200
    assert "agree with the privacy statement" in response.content.decode()
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_an_email_address_as_display_name_is_refused(client):
    response = client.post(SIGNUP, signup_data(display_name="anna@example.org"))
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]


def test_an_unknown_neighbourhood_code_is_a_form_error(client):
    response = client.post(SIGNUP, signup_data(home_neighbourhood="BU9999999"))
    assert response.status_code == 200
    assert response.context["form"].errors["home_neighbourhood"]


def test_html_in_the_display_name_is_escaped_in_the_page(client):
    name = '<script>alert("x")</script>'
    # An invalid sign-up shows the input again: escaped.
    page = client.post(SIGNUP, signup_data(display_name=name, email="x")).content.decode()
    assert name not in page
    assert "&lt;script&gt;" in page
    client.force_login(UserFactory(password=PASSWORD, display_name=name))
    html = client.get(reverse("account")).content.decode()
    assert name not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_logged_in_user_is_sent_from_signup_to_their_account(client):
    client.force_login(UserFactory(password=PASSWORD))
    response = client.get(SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("account")


def test_a_mail_server_that_is_down_does_not_break_sign_up(client, settings):
    from tests.locatieserver import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert User.objects.filter(email="nieuw@example.org").exists()
    # Asking for a new link later is the way out.
    assert client.get(reverse("resend-verification")).status_code == 200
