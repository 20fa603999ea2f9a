"""The pins API's status filters: `hide_closed` leaves out done and declined pins, unless a
status is chosen, which then wins; without either every public pin is listed."""

import pytest

from participatie.pins import services
from tests.participatie.factories import StaffFactory, UserFactory, pin_create

pytestmark = pytest.mark.django_db
PINS = "/api/v1/public/pins/"


@pytest.fixture
def pins():
    resident, staff = UserFactory(), StaffFactory()
    made = {}
    for status in ("new", "planned", "done", "declined"):
        pin = pin_create(resident, title=f"Melding {status}")
        if status != "new":
            services.pin_set_status(pin=pin, status=status, reason="Zo is het.", by=staff)
        made[status] = pin.public_id
    return made


def listed(client, pins, query: str) -> set[str]:
    response = client.get(f"{PINS}?limit=10000&{query}")
    assert response.status_code == 200, response.content
    names = {public_id: status for status, public_id in pins.items()}
    return {names[f["id"]] for f in response.json()["features"] if f["id"] in names}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"new", "planned", "done", "declined"}),
        ("hide_closed=false", {"new", "planned", "done", "declined"}),
        ("hide_closed=true", {"new", "planned"}),
        ("status=done", {"done"}),
        ("hide_closed=true&status=done", {"done"}),
        ("hide_closed=true&status=declined&status=new", {"declined", "new"}),
    ],
)
def test_hide_closed_leaves_out_done_and_declined_unless_a_status_is_chosen(
    client, pins, query, expected
):
    assert listed(client, pins, query) == expected
