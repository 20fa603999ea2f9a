"""My account: display name and home neighbourhood, optionally found from a postcode."""

import pytest
from django.urls import reverse

from maps.models import Area
from participatie.accounts.models import User
from tests.locatieserver import unreachable_url
from tests.participatie.accounts.factories import PASSWORD, signup_data
from tests.participatie.factories import UserFactory

pytestmark = pytest.mark.django_db
ACCOUNT = "/account/"


@pytest.fixture
def resident(client):
    user = UserFactory(password=PASSWORD, email="anna@example.org", display_name="Anna")
    client.force_login(user)
    return user


def inside(area: Area) -> tuple[float, float]:
    point = area.geom.point_on_surface
    return point.x, point.y


def test_the_account_page_shows_the_email_its_status_and_the_public_name(client, resident):
    html = client.get(ACCOUNT).content.decode()
    assert "anna@example.org" in html
    assert "Confirmed on" in html
    assert "Others see you as: Anna" in html


def test_a_resident_changes_display_name_and_home_neighbourhood(client, resident, neighbourhood):
    response = client.post(
        ACCOUNT, {"display_name": "  Anna   B. ", "home_neighbourhood": neighbourhood.code}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Anna B."
    assert resident.home_neighbourhood == neighbourhood
    page = client.get(ACCOUNT).content.decode()
    assert "Your details have been saved." in page
    assert f'<option value="{neighbourhood.code}" selected>' in page


def test_clearing_the_display_name_shows_the_resident_default(client, resident):
    client.post(ACCOUNT, {"display_name": "", "home_neighbourhood": ""})
    resident.refresh_from_db()
    assert resident.public_name == "Resident"


def test_the_postcode_fields_appear_only_when_the_look_up_is_configured(
    client, resident, fake_locatieserver
):
    assert 'name="postcode"' in client.get(ACCOUNT).content.decode()


def test_the_home_neighbourhood_is_found_from_postcode_and_house_number(
    client, resident, fake_locatieserver
):
    target = Area.objects.neighbourhoods().order_by("-code").first()
    fake_locatieserver.answer_address(*inside(target))
    response = client.post(
        ACCOUNT,
        {
            "display_name": "Anna",
            "home_neighbourhood": "",
            "postcode": "9401 ab",
            "house_number": "12a",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    resident.refresh_from_db()
    assert resident.home_neighbourhood == target
    path, params = fake_locatieserver.requests[-1]
    assert path.endswith("/free")
    assert ("fq", "postcode:9401AB") in params
    assert ("fq", "huisnummer:12") in params
    # Only the neighbourhood is kept: the address is nowhere on the account.
    assert "9401" not in str(User.objects.filter(pk=resident.pk).values().get())


def test_signup_finds_the_home_neighbourhood_from_the_postcode(client, fake_locatieserver):
    target = Area.objects.neighbourhoods().order_by("-code").first()
    fake_locatieserver.answer_address(*inside(target))
    data = signup_data(postcode="9401AB", house_number="1")
    assert client.post("/account/aanmelden/", data).status_code == 302
    assert User.objects.get(email="nieuw@example.org").home_neighbourhood == target


def test_an_unreachable_look_up_gives_a_form_error_not_a_500(client, resident, settings):
    settings.LOCATIESERVER_URL = unreachable_url()
    response = client.post(
        ACCOUNT,
        {
            "display_name": "Anna",
            "home_neighbourhood": "",
            "postcode": "9401AB",
            "house_number": "1",
        },
    )
    assert response.status_code == 200
    assert "This address could not be looked up" in response.content.decode()
    resident.refresh_from_db()
    assert resident.home_neighbourhood is None


def test_a_server_error_of_the_look_up_gives_a_form_error(client, resident, fake_locatieserver):
    fake_locatieserver.status = 500
    response = client.post(
        ACCOUNT,
        {
            "display_name": "Anna",
            "home_neighbourhood": "",
            "postcode": "9401AB",
            "house_number": "1",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["postcode"]


def test_an_address_outside_every_neighbourhood_gives_a_form_error(
    client, resident, fake_locatieserver
):
    fake_locatieserver.answer_address(4.89, 52.37)  # Amsterdam
    response = client.post(
        ACCOUNT,
        {
            "display_name": "Anna",
            "home_neighbourhood": "",
            "postcode": "1012AB",
            "house_number": "1",
        },
    )
    assert response.status_code == 200
    assert "not in one of our neighbourhoods" in response.content.decode()


@pytest.mark.parametrize(
    "postcode,number,field",
    [
        ("94O1AB", "1", "postcode"),
        ("9401AB", "een", "house_number"),
        ("9401AB", "", "house_number"),
    ],
)
def test_a_malformed_postcode_or_house_number_is_a_form_error(
    client, resident, fake_locatieserver, postcode, number, field
):
    response = client.post(
        ACCOUNT,
        {
            "display_name": "Anna",
            "home_neighbourhood": "",
            "postcode": postcode,
            "house_number": number,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert fake_locatieserver.requests == []


def test_a_neighbourhood_chosen_from_the_list_wins_over_the_postcode(
    client, resident, fake_locatieserver, neighbourhood
):
    response = client.post(
        ACCOUNT,
        {
            "display_name": "Anna",
            "home_neighbourhood": neighbourhood.code,
            "postcode": "9401AB",
            "house_number": "1",
        },
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.home_neighbourhood == neighbourhood
    assert fake_locatieserver.requests == []


def test_the_privacy_statement_is_public(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert "never keep your address" in response.content.decode()
