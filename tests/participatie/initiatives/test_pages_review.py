"""The district team's review screen (/initiatieven/beoordelen/) and the organiser's report
page: only the team of the initiative's district gets in (log-in, staff role, second
factor); the checklist, the question thread, the decision with every bad input shown in
the page, the grant refused when the district's budget has too little left; the report
with spend per line and a photo makes it realised."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maps.partners.models import Partner
from participatie.initiatives.models import ChecklistItem, DistrictAllocation, Initiative
from tests.participatie.accounts.otp import login_staff
from tests.participatie.factories import BuurtteamFactory, DesignerFactory, image_bytes
from tests.participatie.initiatives.factories import (
    budget,
    neighbourhood,
    other_district_neighbourhood,
    reached,
    resident_of,
    team_of,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def hood():
    return neighbourhood(0)


@pytest.fixture
def organiser(hood):
    return resident_of(hood)


@pytest.fixture
def initiative(organiser, hood):
    """Threshold reached; asks € 600 + € 200 (the factories' proposal)."""
    return reached(organiser, hood)


@pytest.fixture
def team(hood, client):
    return login_staff(client, team_of(hood))


def url(initiative, part=""):
    return f"/initiatieven/beoordelen/{initiative.public_id}/{part}"


def decide(client, initiative, **data):
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    values = {
        "outcome": "partly_granted",
        "reason": "Plantenbakken lenen we uit de gemeentewerf.",
        **{f"granted_{line.pk}": "" for line in lines},
        "contrib-TOTAL_FORMS": "3",
        "contrib-INITIAL_FORMS": "0",
    }
    values.update(data)
    return client.post(url(initiative, "besluit/"), values, HTTP_ACCEPT_LANGUAGE="en")


def test_the_queue_lists_the_initiatives_of_the_teams_districts_only(team, initiative, hood):
    elsewhere = other_district_neighbourhood(hood)
    other = reached(resident_of(elsewhere), elsewhere, title="Elders in de stad")
    page = text_of(team.get("/initiatieven/beoordelen/"))
    assert initiative.title in page
    assert other.title not in page
    assert hood.parent.name in page


def test_only_the_districts_team_reviews(client, initiative, hood, resident):
    # A resident: a page that says whose screen this is, never the review.
    client.force_login(resident)
    for path in ("/initiatieven/beoordelen/", url(initiative)):
        response = client.get(path)
        assert response.status_code == 403
        assert "for the district teams" in text_of(response)
    # Not signed in: to the log-in.
    client.logout()
    assert client.get(url(initiative)).status_code == 302
    # A team of another district: refused, and it cannot decide either.
    elsewhere = other_district_neighbourhood(hood)
    login_staff(client, team_of(elsewhere))
    assert client.get(url(initiative)).status_code == 403
    assert decide(client, initiative, outcome="declined").status_code == 403
    # A designer (staff, no district team): refused.
    login_staff(client, DesignerFactory())
    assert client.get("/initiatieven/beoordelen/").status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REVIEW


def test_the_password_alone_does_not_open_the_review(client, initiative, hood):
    client.force_login(team_of(hood))  # no second factor
    response = client.get(url(initiative))
    assert response.status_code == 302
    assert "/account/" in response["Location"]


def test_the_buurtteam_of_the_district_reviews_too(client, initiative, hood):
    login_staff(client, BuurtteamFactory(districts=[hood.parent.code]))
    assert client.get(url(initiative)).status_code == 200


def test_the_checklist_is_ticked_and_saved(team, initiative):
    items = [
        ChecklistItem.objects.create(programme=initiative.programme, text=t, position=n)
        for n, t in enumerate(["Veilig", "Vergunning nodig?"])
    ]
    response = team.post(url(initiative, "checklist/"), {"item": [str(items[1].pk)]})
    assert response.status_code == 302
    assert set(initiative.checklist_ticks.values_list("item_id", flat=True)) == {items[1].pk}
    team.post(url(initiative, "checklist/"), {"item": [str(items[0].pk)]})
    assert set(initiative.checklist_ticks.values_list("item_id", flat=True)) == {items[0].pk}


def test_the_team_asks_and_the_organiser_answers_in_the_thread(
    team, client, initiative, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    assert team.post(url(initiative, "vraag/"), {"text": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(url(initiative, "vraag/"), {"text": "Waar komen de bakken?"})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[organiser.email]]
    from django.test import Client

    mine = Client()
    mine.force_login(organiser)
    page = text_of(mine.get(initiative.get_absolute_url()))
    assert "Waar komen de bakken?" in page
    bad = mine.post(f"/initiatieven/{initiative.public_id}/vragen/", {"text": "  "})
    assert bad.status_code == 400 and "Write a message first." in text_of(bad)
    mine.post(f"/initiatieven/{initiative.public_id}/vragen/", {"text": "Op het veldje."})
    assert "Op het veldje." in text_of(team.get(url(initiative)))
    # Others never see the thread.
    other = Client()
    other.force_login(resident_of(initiative.neighbourhood))
    assert "Waar komen de bakken?" not in text_of(other.get(initiative.get_absolute_url()))
    assert (
        other.post(f"/initiatieven/{initiative.public_id}/vragen/", {"text": "Hoi"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": ""}, "Choose the decision."),
        ({"outcome": "maybe"}, "Select a valid choice"),
        ({"outcome": "declined", "reason": ""}, "Give the reason for this decision."),
        ({"outcome": "partly_granted", "reason": ""}, "Give the reason for this decision."),
        ({"granted_LINE0": "veel"}, "Enter an amount in euros"),
        ({"granted_LINE0": "700", "granted_LINE1": "0"}, None),  # more than asked: service
        ({"contrib-0-kind": "money", "contrib-0-description": "Geld"}, "choose a partner"),
        ({"contrib-0-partner": "999999"}, "Select a valid choice"),
    ],
)
def test_every_bad_decision_is_a_form_error_in_the_page(team, initiative, data, message):
    budget(initiative.district, 1_000_000, initiative.year)
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    data = {
        re.sub(r"LINE(\d)", lambda m: str(lines[int(m.group(1))].pk), key): value
        for key, value in data.items()
    }
    if "granted_" not in "".join(data):
        data.update({f"granted_{lines[0].pk}": "300", f"granted_{lines[1].pk}": "0"})
    response = decide(team, initiative, **data)
    assert response.status_code == 400
    text = text_of(response)
    assert "Please correct" in text
    if message:
        assert message in text
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REVIEW
    assert not DistrictAllocation.objects.filter(granted_cents__gt=0).exists()


def test_a_grant_over_what_is_left_is_refused_in_the_page(team, initiative):
    budget(initiative.district, 25_000, initiative.year)  # € 250 left; € 300 asked below
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    page = text_of(team.get(url(initiative)))
    assert (
        f"Left in the budget of {initiative.district.name} for {initiative.year}: € 250,00" in page
    )
    response = decide(
        team, initiative, **{f"granted_{lines[0].pk}": "300", f"granted_{lines[1].pk}": "0"}
    )
    assert response.status_code == 400
    assert "Only € 250,00 is left in the budget" in text_of(response)
    assert DistrictAllocation.objects.get().granted_cents == 0


def test_the_team_grants_part_with_a_partner_contribution(team, initiative, mailoutbox):
    allocation = budget(initiative.district, 1_000_000, initiative.year)
    partner = Partner.objects.order_by("name").first()
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    response = decide(
        team,
        initiative,
        **{
            f"granted_{lines[0].pk}": "450",
            f"granted_{lines[1].pk}": "200",
            "contrib-0-partner": str(partner.pk),
            "contrib-0-kind": "people",
            "contrib-0-description": "Twee buurtwerkers bij de aanleg",
        },
    )
    assert response.status_code == 302, text_of(response)[:2000]
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PARTLY_GRANTED
    assert initiative.decision.granted_cents == 65_000
    allocation.refresh_from_db()
    assert allocation.granted_cents == 65_000
    assert list(initiative.decision.contributions.values_list("kind", "description")) == [
        ("people", "Twee buurtwerkers bij de aanleg")
    ]
    public = text_of(team.get(initiative.get_absolute_url()))
    assert "Partly granted" in public and "€ 650,00 granted" in public
    assert partner.name in public
    # Decided: the form is gone, a second decision is refused.
    assert 'id="decision-form"' not in team.get(url(initiative)).content.decode()
    assert decide(team, initiative, outcome="declined").status_code == 400


@pytest.fixture
def granted(team, initiative):
    budget(initiative.district, 1_000_000, initiative.year)
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    decide(team, initiative, **{f"granted_{lines[0].pk}": "450", f"granted_{lines[1].pk}": "0"})
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PARTLY_GRANTED
    return initiative


def test_the_organiser_reports_with_a_photo_and_it_is_realised(
    client, granted, organiser, media_root
):
    client.force_login(organiser)
    path = f"/initiatieven/{granted.public_id}/verslag/"
    line = granted.budget_lines.get(granted_cents__gt=0)
    form = client.get(path)
    assert form.status_code == 200
    assert f'name="spent_{line.pk}"' in form.content.decode()
    # Bad input: nothing said, more spent than granted, not a photo.
    bad = client.post(path, {"text": "", f"spent_{line.pk}": ""})
    assert bad.status_code == 400
    assert "Tell what happened." in text_of(bad)
    over = client.post(path, {"text": "Mooi feest", f"spent_{line.pk}": "451"})
    assert over.status_code == 400
    notphoto = SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(path, {"text": "Mooi", f"spent_{line.pk}": "400", "photos": notphoto})
    assert response.status_code == 400
    granted.refresh_from_db()
    assert granted.status == Initiative.Status.PARTLY_GRANTED
    photo = SimpleUploadedFile("tuin.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    response = client.post(
        path,
        {
            "text": "De bakken staan er, twaalf buren doen mee.",
            f"spent_{line.pk}": "412,50",
            "photos": photo,
        },
    )
    assert response.status_code == 302, text_of(response)[:2000]
    granted.refresh_from_db()
    assert granted.status == Initiative.Status.REALISED
    line.refresh_from_db()
    assert line.spent_cents == 41_250
    page = client.get(granted.get_absolute_url())
    text = text_of(page)
    assert "Realised: what happened" in text and "twaalf buren" in text
    assert "€ 412,50" in text
    assert granted.report.photos.count() == 1
    assert granted.report.photos.get().thumbnail.url in page.content.decode()


def test_only_organisers_report_and_only_after_a_grant(client, initiative, organiser, hood):
    client.force_login(resident_of(hood))
    assert client.get(f"/initiatieven/{initiative.public_id}/verslag/").status_code == 403
    client.force_login(organiser)
    response = client.get(f"/initiatieven/{initiative.public_id}/verslag/")
    assert response.status_code == 302  # not granted yet: back to the page, with a message


def test_a_screening_programme_opens_backing_after_the_teams_check(team, organiser, hood):
    from tests.participatie.initiatives.factories import programme, submitted

    programme(screen_before_backing=True)
    initiative = submitted(organiser, hood)
    assert initiative.status == Initiative.Status.SUBMITTED
    # Residents are told backing is not open yet.
    from django.test import Client

    neighbour = Client()
    neighbour.force_login(resident_of(hood))
    page = text_of(neighbour.get(initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Backing opens after the district team's check." in page
    assert "Open the backing" in text_of(team.get(url(initiative)))
    response = team.post(url(initiative, "steun-openen/"), follow=True)
    assert "Backing is open" in text_of(response)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.BACKING
    # Once open, a second time says why not, and changes nothing.
    again = team.post(url(initiative, "steun-openen/"), follow=True)
    assert "message--error" in again.content.decode()
    # Only the district's team opens it.
    assert neighbour.post(url(initiative, "steun-openen/")).status_code == 403
