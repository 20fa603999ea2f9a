"""The pin page of a visitor who is not signed in comes from the page cache: every write
shows on the next view, and nothing of one visitor is ever shown to another.

Each test first views the page as a visitor (so its parts are cached), then writes through
the service a resident, moderator or staff member uses, then views it again.
"""

import re

import pytest
from django.test import Client

from participatie.accounts.models import User
from participatie.pins import services
from participatie.pins.models import Pin
from tests.participatie.factories import (
    StaffFactory,
    UserFactory,
    category,
    pin_create,
    point_in,
)

pytestmark = pytest.mark.django_db


def page(client: Client, pin: Pin) -> str:
    response = client.get(pin.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_view_is_the_same_page_from_one_query(client, resident, django_assert_num_queries):
    pin = pin_create(resident, title="Scheve paal")
    first = page(client, pin)

    # The stamp of the pin; a complaint links no initiatives. (The session and the CSRF
    # cookie need no query for a visitor who is not signed in.)
    with django_assert_num_queries(1):
        second = page(Client(), pin)

    def without_token(html: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert "Scheve paal" in second
    assert without_token(second) == without_token(first)


def test_a_comment_shows_on_the_next_view(client, resident, neighbour):
    pin = pin_create(resident)
    assert "Nog geen reacties." in page(client, pin)

    services.comment_create(pin=pin, author=neighbour, body="Hier ben ik ook gestruikeld")

    html = page(client, pin)
    assert "Hier ben ik ook gestruikeld" in html
    assert "Nog geen reacties." not in html


def test_a_hidden_comment_goes_and_a_restored_one_comes_back(client, resident, neighbour):
    pin = pin_create(resident)
    comment = services.comment_create(pin=pin, author=neighbour, body="Een scheldwoord")
    moderator = UserFactory(is_staff=True, is_superuser=True)
    assert "Een scheldwoord" in page(client, pin)

    services.comment_hide(comment=comment, by=moderator, reason="Grof")
    assert "Een scheldwoord" not in page(client, pin)

    services.comment_restore(comment=comment, by=moderator)
    assert "Een scheldwoord" in page(client, pin)


def test_support_changes_the_count_on_the_next_view(client, resident, neighbour):
    pin = pin_create(resident)
    assert "0 bewoners steunen dit" in page(client, pin)

    services.support_add(pin=pin, user=neighbour)
    assert "1 bewoner steunt dit" in page(client, pin)

    services.support_remove(pin=pin, user=neighbour)
    assert "0 bewoners steunen dit" in page(client, pin)


def test_a_status_change_and_its_answer_show_on_the_next_view(client, resident):
    pin = pin_create(resident)
    assert "Tegels liggen weer recht" not in page(client, pin)

    services.pin_set_status(
        pin=pin, status="done", reason="Tegels liggen weer recht", by=StaffFactory()
    )

    html = page(client, pin)
    assert "Tegels liggen weer recht" in html
    assert "Afgehandeld" in html


def test_the_authors_edit_shows_on_the_next_view(client, resident):
    pin = pin_create(resident, title="Losliggende stoeptegels")
    assert "Losliggende stoeptegels" in page(client, pin)

    services.pin_update(pin=pin, by=resident, title="Gat in de stoep", description="Diep gat.")

    html = page(client, pin)
    assert "<title>Gat in de stoep · " in html
    assert "Diep gat." in html
    assert "Losliggende stoeptegels" not in html


def test_a_move_to_another_neighbourhood_shows_its_name_and_outline(client, resident):
    from maps.models import Area

    first, second = Area.objects.neighbourhoods().order_by("code")[:2]
    pin = pin_create(resident, geom=point_in(first.code))
    assert first.name in page(client, pin)

    services.pin_update(pin=pin, by=resident, geom=point_in(second.code))

    html = page(client, pin)
    assert f'href="/gebieden/{second.code}/"' in html
    assert f'href="/gebieden/{first.code}/"' not in html


def test_a_hidden_or_withdrawn_pin_is_a_404_at_once_and_back_when_restored(client, resident):
    pin = pin_create(resident)
    moderator = UserFactory(is_staff=True, is_superuser=True)
    page(client, pin)

    services.pin_hide(pin=pin, by=moderator, reason="Onderzoek")
    assert client.get(pin.get_absolute_url()).status_code == 404

    services.pin_restore(pin=pin, by=moderator)
    assert client.get(pin.get_absolute_url()).status_code == 200

    services.pin_withdraw(pin=pin, by=resident)
    assert client.get(pin.get_absolute_url()).status_code == 404


def test_a_pin_moved_to_a_confidential_category_is_a_404_at_once(client, resident):
    pin = pin_create(resident)
    page(client, pin)

    services.pin_update(pin=pin, by=resident, category=category("eenzaamheid"))

    assert client.get(pin.get_absolute_url()).status_code == 404


def test_a_renamed_commenter_shows_with_the_new_name(client, resident, neighbour):
    pin = pin_create(resident)
    services.comment_create(pin=pin, author=neighbour, body="Eens")
    assert neighbour.public_name in page(client, pin)
    old = neighbour.public_name

    User.objects.filter(pk=neighbour.pk).update(display_name="Nieuwe Naam")

    html = page(client, pin)
    assert "Nieuwe Naam" in html
    assert old not in html


def test_a_renamed_category_shows_after_its_commit(
    client, resident, django_capture_on_commit_callbacks
):
    pin = pin_create(resident)
    assert "Straat en stoep" in page(client, pin)

    with django_capture_on_commit_callbacks(execute=True):
        street = category()
        street.name = "Stoepen"
        street.save()

    html = page(client, pin)
    assert "Stoepen" in html
    assert "Straat en stoep" not in html


def test_signed_in_visitors_see_their_own_state_never_the_cached_one(resident, neighbour):
    pin = pin_create(resident)
    services.comment_create(pin=pin, author=neighbour, body="Eens")
    visitor = Client()
    assert "Log in om dit te steunen" in page(visitor, pin)  # cached now

    supporter = Client()
    supporter.force_login(UserFactory())
    services.support_add(pin=pin, user=User.objects.latest("pk"))
    html = page(supporter, pin)
    assert 'aria-pressed="true"' in html
    assert "Log in om dit te steunen" not in html
    assert "Deze reactie melden" in html

    other = Client()
    other.force_login(UserFactory())
    html = page(other, pin)
    assert 'aria-pressed="false"' in html

    author = Client()
    author.force_login(resident)
    assert "Dit is je eigen melding" in page(author, pin)

    # And the visitor's page still has none of theirs: no support form, no report links,
    # no "my reports" in the header.
    html = page(visitor, pin)
    assert "Log in om dit te steunen" in html
    assert "support-form" not in html
    assert "Dit is je eigen melding" not in html
    assert "/meldingen/mijn/" not in html
    assert html.count('name="csrfmiddlewaretoken"') == 1  # the language switch's own


def test_each_visitor_gets_their_own_csrf_token_with_the_cached_page(resident):
    pin = pin_create(resident)
    page(Client(), pin)  # cached now

    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        html = page(visitor, pin)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        # The language switch in the header posts with it: accepted only if it is this
        # visitor's token (their cookie), not one rendered for someone else.
        response = visitor.post(
            "/i18n/setlang/",
            {"language": "en", "next": pin.get_absolute_url(), "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302
        stranger = Client(enforce_csrf_checks=True)
        stranger.get("/")
        refused = stranger.post(
            "/i18n/setlang/",
            {"language": "en", "next": "/", "csrfmiddlewaretoken": token},
        )
        assert refused.status_code == 403


def test_the_page_in_english_is_cached_apart(client, resident):
    pin = pin_create(resident)
    assert "Log in om dit te steunen" in page(client, pin)

    client.cookies["django_language"] = "en"
    html = page(client, pin)
    assert "Log in to support this" in html
    assert "Log in om dit te steunen" not in html


def test_a_moderators_correction_shows_on_the_next_view(client, resident):
    pin = pin_create(resident, description="Bel 06-12345678 voor details.")
    assert "06-12345678" in page(client, pin)
    moderator = UserFactory(is_staff=True, is_superuser=True)

    services.pin_correct(pin=pin, by=moderator, description="Bel voor details.")

    assert "06-12345678" not in page(client, pin)


def test_a_removed_photo_is_gone_on_the_next_view(client, resident, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.participatie.factories import image_bytes

    photo = SimpleUploadedFile("IMG_0001.jpg", image_bytes(), content_type="image/jpeg")
    pin = pin_create(resident, photos=[photo])
    stored = pin.photos.get()
    assert stored.thumbnail_url in page(client, pin)

    stored.delete()  # as the photo inline of the admin does

    html = page(client, pin)
    assert stored.thumbnail_url not in html
    assert 'class="photo-list"' not in html


@pytest.mark.parametrize("keep_pins", [True, False])
def test_a_commenter_who_leaves_is_no_longer_named(client, resident, neighbour, keep_pins):
    pin = pin_create(resident)
    services.comment_create(pin=pin, author=neighbour, body="Goed idee")
    name = neighbour.public_name
    assert name in page(client, pin)

    services.author_leave(user=neighbour, keep_pins=keep_pins)

    html = page(client, pin)
    assert name not in html
    assert ("Goed idee" in html) is keep_pins
