"""Residents see the API tokens of their apps and revoke them on /account/apps/; a password
change or reset revokes every token, and a token from before a password change made
anywhere else (the admin, `changepassword`) opens nothing either."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from participatie.accounts.models import ApiToken
from participatie.accounts.services import API_TOKENS_MAX, api_token_create
from tests.participatie.accounts.factories import PASSWORD, api_key_for
from tests.participatie.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/public/auth/token/"
MINE = "/api/v1/public/me/pins/"  # needs a logged-in resident
NEW_PASSWORD = "beukenlaan-noorderpark-2026"


def status_with(api, key: str) -> int:
    return api.get(MINE, headers={"Authorization": f"Token {key}"}).status_code


def obtain(api, user, password=PASSWORD, label="") -> str:
    response = api.post(TOKEN, json={"email": user.email, "password": password, "label": label})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_each_log_in_makes_a_named_token_of_its_own_and_stores_only_its_hash(api):
    user = UserFactory(password=PASSWORD)
    phone = obtain(api, user, label="Telefoon")
    script = obtain(api, user, label="Script")
    assert phone != script
    assert status_with(api, phone) == 200
    assert status_with(api, script) == 200
    stored = ApiToken.objects.filter(user=user).order_by("pk")
    assert [t.label for t in stored] == ["Telefoon", "Script"]
    assert {t.key_hash for t in stored} == {ApiToken.hash_key(phone), ApiToken.hash_key(script)}
    assert not ApiToken.objects.filter(key_hash__in=[phone, script]).exists()


def test_a_resident_sees_a_token_on_the_page_revokes_it_and_it_then_gets_401(api, signed_in):
    user = UserFactory(password=PASSWORD)
    kept = obtain(api, user, label="Script op de laptop")
    lost = obtain(api, user, label="Telefoon (kwijt)")
    assert status_with(api, lost) == 200  # used once: the page shows when

    browser = signed_in(user)
    page = browser.get("/account/apps/")
    assert page.status_code == 200
    assert "Telefoon (kwijt)" in page.text and "Script op de laptop" in page.text
    assert f"{lost[:8]}…" in page.text and f"{kept[:8]}…" in page.text
    assert page.text.count("Nooit") == 1  # the laptop script's token was never used

    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(lost))
    # The revoke button of exactly this token, a plain form.
    assert re.search(
        rf'<form method="post" action="/account/apps/{token.pk}/intrekken/">', page.text
    )
    response = browser.post(f"/account/apps/{token.pk}/intrekken/", data={})
    assert response.status_code == 302 and response.headers["Location"] == "/account/apps/"

    assert status_with(api, lost) == 401
    assert status_with(api, kept) == 200
    after = browser.get("/account/apps/")
    assert "Telefoon (kwijt)" not in after.text and "Script op de laptop" in after.text
    assert "ingetrokken" in after.text  # the confirmation


def test_one_cannot_revoke_someone_elses_token(api, signed_in):
    owner, other = UserFactory(), UserFactory()
    key = api_key_for(owner)
    token = ApiToken.objects.get(user=owner)
    signed_in(other).post(f"/account/apps/{token.pk}/intrekken/", data={})
    assert status_with(api, key) == 200
    assert "Test" not in signed_in(other).get("/account/apps/").text


def test_revoke_all_revokes_every_token_of_the_resident_only(api, signed_in):
    user, neighbour = UserFactory(), UserFactory()
    keys = [api_key_for(user, label=f"App {n}") for n in range(3)]
    theirs = api_key_for(neighbour)
    signed_in(user).post("/account/apps/alles-intrekken/", data={})
    assert [status_with(api, key) for key in keys] == [401, 401, 401]
    assert status_with(api, theirs) == 200


def test_the_page_is_for_logged_in_people_and_revoking_is_a_post(api, signed_in):
    assert api.get("/account/apps/").status_code == 302  # to the log-in page
    user = UserFactory()
    api_key_for(user)
    token = ApiToken.objects.get(user=user)
    assert signed_in(user).get(f"/account/apps/{token.pk}/intrekken/").status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_password_change_revokes_all_tokens_and_a_new_one_works(api, signed_in):
    user = UserFactory(password=PASSWORD)
    old = [obtain(api, user, label="Telefoon"), obtain(api, user, label="Script")]
    assert [status_with(api, key) for key in old] == [200, 200]

    response = signed_in(user).post(
        "/account/wachtwoord-wijzigen/",
        data={
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.text
    assert not ApiToken.objects.filter(user=user).exists()
    assert [status_with(api, key) for key in old] == [401, 401]

    # The old password gets nothing any more; the new one gets a working token.
    refused = api.post(TOKEN, json={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 400
    assert status_with(api, obtain(api, user, password=NEW_PASSWORD)) == 200


def test_a_password_reset_revokes_all_tokens(api, client):
    user = UserFactory(password=PASSWORD)
    key = obtain(api, user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = f"/account/wachtwoord-herstellen/{uid}/{default_token_generator.make_token(user)}/"
    form = client.get(link)  # Django swaps the token for a session marker and redirects
    assert form.status_code == 302
    response = client.post(
        form["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302, response.content
    assert status_with(api, key) == 401
    assert not ApiToken.objects.filter(user=user).exists()


def test_a_password_set_anywhere_else_makes_old_tokens_useless(api):
    user = UserFactory(password=PASSWORD)
    key = obtain(api, user)
    # As the admin's password form or `manage.py changepassword` do: no service involved.
    user.set_password(NEW_PASSWORD)
    user.save()
    assert status_with(api, key) == 401
    assert not ApiToken.objects.filter(user=user).exists()  # dropped at its first use


def test_a_deactivated_account_is_refused_with_a_token(api):
    user = UserFactory()
    key = api_key_for(user)
    user.is_active = False
    user.save()
    assert status_with(api, key) == 401


def test_beyond_the_maximum_a_new_token_replaces_the_one_used_longest_ago(api):
    user = UserFactory(password=PASSWORD)
    keys = [api_token_create(user=user, label=f"Run {n}")[1] for n in range(API_TOKENS_MAX)]
    for key in keys[1:]:
        assert status_with(api, key) == 200  # every token but the first one was used
    newest = obtain(api, user, label="Nog een")
    assert ApiToken.objects.filter(user=user).count() == API_TOKENS_MAX
    assert status_with(api, keys[0]) == 401
    assert all(status_with(api, key) == 200 for key in keys[1:] + [newest])


def test_last_used_is_recorded(api):
    user = UserFactory()
    key = api_key_for(user)
    assert ApiToken.objects.get(user=user).last_used is None
    assert status_with(api, key) == 200
    assert ApiToken.objects.get(user=user).last_used is not None


def test_a_made_up_token_gets_401_with_the_scheme_to_use(api):
    response = api.get(MINE, headers={"Authorization": "Token not-a-real-token"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert api.get(MINE).status_code == 401  # no credentials at all: also a 401
