"""The "hide done and declined" checkbox of the list page keeps what the visitor chose: ticked
after `true` (a link) or `on` (what a ticked checkbox sends), not after `false` or nothing,
and the list follows it."""

import re

import pytest

from participatie.pins import services
from tests.participatie.factories import StaffFactory, UserFactory, pin_create

pytestmark = pytest.mark.django_db


def checkbox(html: str) -> str:
    [tag] = re.findall(r'<input[^>]*name="hide_closed"[^>]*>', html)
    return tag


@pytest.mark.parametrize(
    "sent, ticked",
    [("true", True), ("on", True), ("false", False), ("", False), (None, False)],
    ids=["true", "on", "false", "empty", "absent"],
)
def test_the_checkbox_shows_the_choice_and_the_list_follows_it(client, sent, ticked):
    resident = UserFactory()
    pin_create(resident, title="Open melding om te tonen")
    done = pin_create(resident, title="Afgeronde melding om te verbergen")
    services.pin_set_status(pin=done, status="done", reason="Gemaakt.", by=StaffFactory())

    response = client.get("/meldingen/", {} if sent is None else {"hide_closed": sent})

    assert response.status_code == 200
    html = response.content.decode()
    tag = checkbox(html)
    assert 'type="checkbox"' in tag
    assert (" checked" in tag) is ticked
    assert "Open melding om te tonen" in html
    assert ("Afgeronde melding om te verbergen" in html) is not ticked
