"""Log-in with e-mail and password, log-out, rate limits."""

import pytest
from django.urls import reverse

from tests.participatie.accounts.factories import PASSWORD
from tests.participatie.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/account/inloggen/"


def test_a_resident_logs_in_with_email_in_any_case_and_password(client):
    user = UserFactory(password=PASSWORD, email="anna@example.org")
    response = client.post(LOGIN, {"email": "ANNA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_log_in_goes_back_to_a_safe_next_page_only(client):
    UserFactory(password=PASSWORD, email="anna@example.org")
    data = {"email": "anna@example.org", "password": PASSWORD}
    response = client.post(f"{LOGIN}?next=/account/", data)
    assert response["Location"] == "/account/"
    client.post(reverse("logout"))
    response = client.post(f"{LOGIN}?next=https://evil.example/", data)
    assert response["Location"] == "/"


def test_an_unverified_resident_can_log_in_but_not_take_part(client):
    user = UserFactory(password=PASSWORD, verified=False)
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    # Signed in, but posting a pin is refused until the address is confirmed.
    pin = {
        "kind": "idea",
        "category": "spelen",
        "title": "Een nieuwe speeltuin",
        "location": {"type": "Point", "coordinates": [6.5625, 52.9928]},
    }
    posted = client.post("/api/v1/public/pins/", pin, content_type="application/json")
    assert posted.status_code == 403
    assert "Not confirmed yet." in client.get(reverse("account")).content.decode()


@pytest.mark.parametrize(
    "email,password",
    [("anna@example.org", "wrong-password"), ("nobody@example.org", PASSWORD)],
    ids=["wrong password", "unknown address"],
)
def test_a_wrong_log_in_gives_the_same_message_in_the_page(client, email, password):
    UserFactory(password=PASSWORD, email="anna@example.org")
    response = client.post(LOGIN, {"email": email, "password": password})
    assert response.status_code == 200
    assert "This e-mail address and password do not match an account." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_cannot_log_in(client):
    user = UserFactory(password=PASSWORD, is_active=False)
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_log_out_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory(password=PASSWORD))
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_account_page_needs_a_log_in(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/account/"


def test_log_in_is_limited_per_address_with_a_friendly_429_page(client, settings):
    # Attempts on any e-mail addresses from one address (a day: no window ends mid-test).
    settings.ACCOUNT_RATE_LOGIN_ADDRESS = "10/d"
    for attempt in range(10):
        response = client.post(LOGIN, {"email": f"guess{attempt}@example.org", "password": "x"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"email": "guess@example.org", "password": "x"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    # Another client address is not affected.
    response = client.post(
        LOGIN, {"email": "guess@example.org", "password": "x"}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 200


def test_log_in_is_limited_per_email_address_across_client_addresses(client, settings):
    # Wrong passwords for one e-mail address from anywhere.
    settings.ACCOUNT_RATE_LOGIN_EMAIL = "10/d"
    user = UserFactory(password=PASSWORD)
    for attempt in range(10):
        client.post(LOGIN, {"email": user.email, "password": "x"}, REMOTE_ADDR=f"192.0.2.{attempt}")
    response = client.post(
        LOGIN, {"email": user.email.upper(), "password": PASSWORD}, REMOTE_ADDR="192.0.2.99"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_log_in_page_itself_is_not_limited(client, settings):
    settings.ACCOUNT_RATE_LOGIN = "1/d"
    for _ in range(3):
        assert client.get(LOGIN).status_code == 200


def test_sign_up_is_limited_per_address(client, mailoutbox):
    from tests.participatie.accounts.factories import signup_data

    for n in range(5):
        assert (
            client.post("/account/aanmelden/", signup_data(email=f"n{n}@example.org")).status_code
            == 302
        )
    response = client.post("/account/aanmelden/", signup_data(email="n6@example.org"))
    assert response.status_code == 429
    assert len(mailoutbox) == 5
