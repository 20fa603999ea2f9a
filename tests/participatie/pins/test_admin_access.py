"""The Django admin is for programme administrators: who gets in, and which pins they see.

Everyone here has done the second step of the log-in (login_staff), so what is tested is
the admin's own rule, not the code page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from participatie.accounts.models import User
from participatie.pins.models import Pin, PinStatusChange
from tests.participatie.accounts.otp import login_staff, staff_device
from tests.participatie.factories import (
    AdminFactory,
    BuurtteamFactory,
    DesignerFactory,
    StaffFactory,
    UserFactory,
    category,
    pin_create,
    sensitive_category,
)

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/pins/pin/", "/admin/accounts/user/", "/admin/maps/area/"]


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def signed_in(client, user):
    return login_staff(client, user)


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize(
    "kind", ["wijkteam", "buurtteam", "wijkteam with the admin flag set by mistake"]
)
def test_the_teams_are_sent_to_their_workspace(en, kind, path):
    user = {
        "wijkteam": lambda: StaffFactory(),
        "buurtteam": lambda: BuurtteamFactory(),
        "wijkteam with the admin flag set by mistake": lambda: StaffFactory(is_staff=True),
    }[kind]()
    response = signed_in(en, user).get(path, follow=True)
    assert response.redirect_chain[-1] == ("/werkruimte/", 302)
    messages = [str(m) for m in response.context["messages"]]
    assert any("for programme administrators" in m for m in messages)


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("kind", ["resident", "designer"])
def test_others_get_a_page_that_says_the_admin_is_not_for_them(en, kind, path):
    user = {"resident": UserFactory, "designer": DesignerFactory}[kind]()
    response = signed_in(en, user).get(path, follow=True)
    assert response.status_code == 403
    html = response.content.decode()
    assert "The management pages are for programme administrators" in html
    assert "Site administration" not in html


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_visitor_is_sent_to_the_one_log_in(client, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/inloggen/?next=")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("kind", ["programme administrator", "superuser"])
def test_programme_administrators_and_the_operator_get_in(en, kind, path):
    user = {
        "programme administrator": lambda: AdminFactory(),
        "superuser": lambda: AdminFactory(is_superuser=True),
    }[kind]()
    response = signed_in(en, user).get(path)
    assert response.status_code == 200, path


def test_a_programme_administrator_role_without_the_admin_flag_stays_out(en):
    user = AdminFactory(is_staff=False)
    response = signed_in(en, user).get("/admin/", follow=True)
    assert response.status_code == 403


# --- which pins the admin shows -----------------------------------------------------------


@pytest.fixture
def pins(db):
    resident = UserFactory()
    public = pin_create(resident, title="Stoep ligt open")
    signal = pin_create(
        resident, title="Eenzaam sinds de verhuizing", category=sensitive_category()
    )
    hidden = pin_create(resident, title="Noemt een buurman", category=category())
    Pin.objects.filter(pk=hidden.pk).update(is_hidden=True, hidden_reason="Naam")
    return public, signal, hidden


def changelist_titles(client) -> str:
    return client.get("/admin/pins/pin/").content.decode()


def test_a_programme_administrator_sees_no_confidential_signal_in_the_admin(en, pins):
    public, signal, hidden = pins
    client = signed_in(en, AdminFactory())
    html = changelist_titles(client)
    assert public.title in html and hidden.title in html
    assert signal.title not in html
    # Not by its address either.
    response = client.get(reverse("admin:pins_pin_change", args=[signal.pk]))
    assert response.status_code == 302
    assert signal.title not in client.get(response["Location"]).content.decode()


def test_the_operator_sees_every_pin(en, pins):
    client = signed_in(en, AdminFactory(is_superuser=True))
    html = changelist_titles(client)
    for pin in pins:
        assert pin.title in html
    signal = pins[1]
    page = client.get(reverse("admin:pins_pin_change", args=[signal.pk]))
    assert page.status_code == 200 and signal.title in page.content.decode()


def test_the_status_action_cannot_reach_a_signal_the_administrator_does_not_see(en, pins):
    public, signal, _hidden = pins
    client = signed_in(en, AdminFactory())
    client.post(
        "/admin/pins/pin/",
        {
            "action": "set_status",
            "_selected_action": [public.pk, signal.pk],
            "status": "planned",
            "reason": "In het voorjaar",
        },
    )
    public.refresh_from_db()
    signal.refresh_from_db()
    assert public.status == "planned"
    assert signal.status == "new"
    assert not PinStatusChange.objects.filter(pin=signal, to_status="planned").exists()
    # The answer went through the service: public history, with the reason.
    change = PinStatusChange.objects.get(pin=public, to_status="planned")
    assert change.reason == "In het voorjaar"


# --- accounts in the admin ----------------------------------------------------------------


def test_the_admin_flag_is_refused_for_a_team_member(en):
    client = signed_in(en, AdminFactory(is_superuser=True))
    member = StaffFactory()
    url = reverse("admin:accounts_user_change", args=[member.pk])
    data = {
        "username": member.username,
        "email": member.email,
        "role": User.Role.WIJKTEAM,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "districts": [],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Only programme administrators" in response.content.decode()
    member.refresh_from_db()
    assert member.is_staff is False

    data["role"] = User.Role.ADMIN
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert (member.role, member.is_staff) == (User.Role.ADMIN, True)


def test_an_administrator_can_remove_a_lost_authenticator_without_seeing_its_key(en):
    member = StaffFactory()
    device = staff_device(member)
    client = signed_in(en, AdminFactory(is_superuser=True))
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_programme_administrator_cannot_become_or_change_a_superuser(en):
    admin = AdminFactory()
    operator = AdminFactory(is_superuser=True)
    client = signed_in(en, admin)
    assert client.get("/admin/accounts/user/").status_code == 200
    # The operator's account (and so its password) is out of reach.
    url = reverse("admin:accounts_user_change", args=[operator.pk])
    page = client.get(url)
    assert page.status_code == 200  # view only
    assert 'name="email"' not in page.content.decode()
    assert (
        client.post(url, {"username": operator.username, "email": "x@example.org"}).status_code
        == 403
    )
    password_url = reverse("admin:auth_user_password_change", args=[operator.pk])
    assert client.get(password_url).status_code == 403
    # Their own account: the superuser flag cannot be ticked.
    own = client.get(reverse("admin:accounts_user_change", args=[admin.pk])).content.decode()
    assert 'name="is_superuser"' not in own
    assert 'name="is_staff"' in own
