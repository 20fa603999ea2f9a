"""The pin page and what residents do there, as plain forms (no JavaScript needed)."""

import pytest

from participatie.pins.models import Comment, Report, Support
from tests.participatie.factories import UserFactory, pin_create, sensitive_category

pytestmark = pytest.mark.django_db


def test_the_pin_page_shows_the_pin_with_its_text_escaped_and_share_tags(client, resident):
    pin = pin_create(resident, title="Kapot <b>hek</b>", description="<script>alert(1)</script>")

    response = client.get(f"/meldingen/{pin.public_id}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<title>Kapot &lt;b&gt;hek&lt;/b&gt; · " in html
    assert (
        f'<meta property="og:url" content="http://testserver/meldingen/{pin.public_id}/">' in html
    )
    assert 'property="og:description" content="Klacht · Straat en stoep' in html
    # Never the author: no e-mail address, user name or display name.
    for secret in (resident.email, resident.username, resident.display_name):
        assert secret not in html
    assert "Log in om dit te steunen" in html


def test_a_confidential_pin_is_a_404_for_others_and_shown_to_its_author(client, resident):
    pin = pin_create(resident, kind="complaint", category=sensitive_category())

    assert client.get(f"/meldingen/{pin.public_id}/").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/meldingen/{pin.public_id}/").status_code == 404
    client.force_login(resident)
    response = client.get(f"/meldingen/{pin.public_id}/")
    assert response.status_code == 200
    assert "Vertrouwelijk" in response.content.decode()
    assert 'name="robots" content="noindex"' in response.content.decode()


def test_supporting_without_javascript_adds_and_takes_back_the_support(as_user, resident):
    pin = pin_create(resident)
    client = as_user(UserFactory())

    response = client.post(f"/meldingen/{pin.public_id}/steunen/", {"action": "add"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/meldingen/{pin.public_id}/#support"
    assert "1 bewoner steunt dit" in response.content.decode()
    assert 'aria-pressed="true"' in response.content.decode()
    client.post(f"/meldingen/{pin.public_id}/steunen/", {"action": "remove"})
    pin.refresh_from_db()
    assert pin.support_count == 0
    assert not Support.objects.filter(pin=pin).exists()


def test_the_support_button_answers_the_page_script_with_json(as_user, resident):
    pin = pin_create(resident)
    client = as_user(UserFactory())

    response = client.post(
        f"/meldingen/{pin.public_id}/steunen/",
        {"action": "add"},
        headers={"accept": "application/json"},
    )

    assert response.json() == {
        "supported": True,
        "support_count": 1,
        "count_text": "1 bewoner steunt dit",
        "message": "Je steunt dit nu.",
    }


def test_supporting_your_own_pin_is_refused_with_a_message(as_user, resident):
    pin = pin_create(resident)
    client = as_user(resident)
    response = client.post(f"/meldingen/{pin.public_id}/steunen/", {"action": "add"}, follow=True)
    assert 'class="message message--error"' in response.content.decode()
    assert not Support.objects.filter(pin=pin).exists()


def test_a_visitor_who_supports_is_sent_to_log_in_and_back(client, resident):
    pin = pin_create(resident)
    response = client.post(f"/meldingen/{pin.public_id}/steunen/", {"action": "add"})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")


def test_an_unconfirmed_resident_is_asked_to_confirm_the_address(as_user, resident):
    pin = pin_create(resident)
    response = as_user(UserFactory(verified=False)).post(f"/meldingen/{pin.public_id}/steunen/")
    assert response["Location"] == "/account/"


def test_a_comment_is_placed_and_an_empty_one_gets_a_message_at_the_field(as_user, resident):
    pin = pin_create(resident)
    client = as_user(UserFactory(display_name="Fatima"))

    empty = client.post(f"/meldingen/{pin.public_id}/reageren/", {"body": "   "})
    assert empty.status_code == 400
    assert "Schrijf eerst een reactie" in empty.content.decode()

    response = client.post(f"/meldingen/{pin.public_id}/reageren/", {"body": "Eens!"}, follow=True)
    comment = Comment.objects.get(pin=pin)
    assert response.redirect_chain[-1][0] == f"/meldingen/{pin.public_id}/#comment-{comment.pk}"
    html = response.content.decode()
    assert "Fatima" in html and "Eens!" in html and "Je reactie is geplaatst" in html


def test_a_pin_and_a_comment_can_be_reported_to_the_moderators(as_user, resident, neighbour):
    pin = pin_create(resident)
    comment = Comment.objects.create(pin=pin, author=neighbour, body="Reclame!")
    client = as_user(UserFactory())

    assert client.get(f"/meldingen/{pin.public_id}/melden/").status_code == 200
    missing = client.post(f"/meldingen/{pin.public_id}/melden/", {})
    assert missing.status_code == 400
    client.post(f"/meldingen/{pin.public_id}/melden/", {"reason": "privacy"})
    client.post(f"/meldingen/{pin.public_id}/reacties/{comment.pk}/melden/", {"reason": "spam"})

    assert Report.objects.filter(pin=pin, reason="privacy").count() == 1
    assert Report.objects.filter(comment=comment, reason="spam").count() == 1
