"""Staff answers carry a badge made from the author's role and partner: a resident who
calls themselves "Buurtteam Vaart Welzijn" gets none."""

import re

import pytest

from maps.partners.models import Partner
from participatie.accounts.models import User
from participatie.pins import services
from participatie.pins.models import Pin
from tests.participatie.factories import BuurtteamFactory, StaffFactory, UserFactory
from tests.participatie.voting.factories import ProjectFactory

pytestmark = pytest.mark.django_db
BADGE = re.compile(
    r'<span class="staff-badge" data-staff-badge>(.*?<span class="visually-hidden">.*?</span>.*?)'
    r"</span>",
    re.S,
)


def badges(html: str) -> list[str]:
    """The text of every badge (the icon dropped), as a screen reader reads it."""
    return [re.sub(r"<[^>]+>", "", b).strip() for b in BADGE.findall(html)]


@pytest.fixture
def pin():
    return Pin.objects.public().order_by("pk").first()


def comment_block(html: str, body: str) -> str:
    start = html.index(body)
    return html[html.rindex('<li class="comment"', 0, start) : html.index("</li>", start)]


def test_a_staff_comment_shows_the_badge_and_a_resident_named_like_staff_does_not(api, pin):
    actium = Partner.objects.get(slug="actium")
    staff = StaffFactory(display_name="Anna", partner=actium)
    # Written to the database directly: the forms refuse such a name nowadays, older
    # accounts may still have one.
    imitator = UserFactory(display_name="Wijkteam · Actium")
    services.comment_create(pin=pin, author=staff, body="We kijken er deze week naar.")
    services.comment_create(pin=pin, author=imitator, body="Wij zijn ook van de gemeente.")

    api.headers["Accept-Language"] = "nl"
    html = api.get(pin.get_absolute_url()).text
    staff_comment = comment_block(html, "We kijken er deze week naar.")
    assert badges(staff_comment) == ["medewerker: Wijkteam · Actium"]
    assert 'class="visually-hidden">medewerker: </span>' in staff_comment
    imitation = comment_block(html, "Wij zijn ook van de gemeente.")
    assert "Wijkteam · Actium" in imitation  # the name, as text
    assert badges(imitation) == []


def test_a_status_answer_shows_the_team_and_partner_not_the_person(api, pin):
    vaart = Partner.objects.get(slug="vaart-welzijn")
    staff = BuurtteamFactory(display_name="Bert de Vries", partner=vaart)
    services.pin_set_status(
        pin=pin, status=Pin.Status.ACKNOWLEDGED, reason="Dank voor uw melding.", by=staff
    )
    api.headers["Accept-Language"] = "nl"
    html = api.get(pin.get_absolute_url()).text
    history = html[html.index("Dank voor uw melding.") - 600 : html.index("Dank voor uw melding.")]
    assert badges(history) == ["medewerker: Buurtteam · Vaart Welzijn"]
    assert "Bert de Vries" not in html


def test_an_answer_by_a_staff_member_without_a_partner_names_the_team(api, pin):
    staff = StaffFactory(display_name="Anna", partner=None)
    services.comment_create(pin=pin, author=staff, body="Opgepakt door het wijkteam.")
    api.headers["Accept-Language"] = "en"
    html = api.get(pin.get_absolute_url()).text
    assert badges(comment_block(html, "Opgepakt door het wijkteam.")) == [
        "staff member: Neighbourhood team"
    ]


def test_a_deactivated_staff_account_no_longer_vouches(api, pin):
    staff = StaffFactory(display_name="Anna", partner=Partner.objects.get(slug="actium"))
    services.comment_create(pin=pin, author=staff, body="Een oud antwoord.")
    User.objects.filter(pk=staff.pk).update(is_active=False)
    html = api.get(pin.get_absolute_url()).text
    assert badges(comment_block(html, "Een oud antwoord.")) == []


def test_redesign_comments_carry_the_badge_too(api):
    from participatie.voting.models import ProjectComment

    project = ProjectFactory(phase="consultation")
    designer = project.created_by
    designer.partner = Partner.objects.get(slug="gemeente-assen")
    designer.save(update_fields=["partner"])
    ProjectComment.objects.create(project=project, author=designer, body="Zo is het bedoeld.")
    ProjectComment.objects.create(
        project=project, author=UserFactory(display_name="Ontwerper"), body="Ik ook."
    )
    api.headers["Accept-Language"] = "nl"
    html = api.get(f"/herinrichting/{project.slug}/").text
    assert badges(comment_block(html, "Zo is het bedoeld.")) == [
        "medewerker: Ontwerper · Gemeente Assen"
    ]
    assert badges(comment_block(html, "Ik ook.")) == []
