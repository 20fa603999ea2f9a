"""What residents read about their own reports: the support count of a pin they posted,
and the page listing their reports."""

import re

import pytest

from participatie.pins import services
from tests.participatie.factories import UserFactory, pin_create

pytestmark = pytest.mark.django_db


def test_the_author_reads_a_support_count_that_agrees_with_the_note_under_it(as_user, resident):
    pin = pin_create(resident)
    services.support_add(pin=pin, user=UserFactory())

    html = as_user(resident).get(f"/meldingen/{pin.public_id}/").content.decode()

    # One other resident supports it; the author cannot (the service refuses it) and is not
    # counted, which the note says instead of claiming the author's support is counted.
    assert "1 bewoner steunt dit" in html
    assert "je kunt hem niet zelf steunen" in html
    assert "andere bewoners" in html
    assert "steun je hem al" not in html


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_my_reports_has_no_gaps_between_heading_levels(as_user, resident):
    pin_create(resident, title="Eerste")
    pin_create(resident, title="Tweede")

    html = as_user(resident).get("/meldingen/mijn/").content.decode()

    levels = headings(html[html.index("<main") :])
    assert levels[:2] == [1, 2] and levels.count(3) == 2
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert "2 meldingen" in html
