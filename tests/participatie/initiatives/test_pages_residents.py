"""The residents' initiative pages (/initiatieven/): proposing (from an idea pin too), every
bad input shown as a form error in the page (never a 500), "add a row" without a script,
submitting, backing and objecting with each message a resident can get, volunteering,
co-organisers by invitation, the list with its filters and pages."""

from __future__ import annotations

import re
from html import unescape

import pytest

from participatie.initiatives.models import Backing, Initiative
from participatie.pins.models import Pin
from tests.participatie.factories import UserFactory, pin_create
from tests.participatie.initiatives.factories import (
    back,
    draft,
    neighbourhood,
    other_district_neighbourhood,
    programme,
    resident_of,
    submitted,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's visible text, roughly: tags out, entities decoded, spaces folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def idea_category():
    from participatie.pins.models import Category

    return next(
        c for c in Category.objects.filter(is_active=True, is_sensitive=False) if c.allows("idea")
    )


@pytest.fixture
def hood():
    return neighbourhood(0)


@pytest.fixture
def organiser(hood):
    return resident_of(hood, display_name="Fatima Organisator")


def proposal(hood, **overrides) -> dict:
    spot = hood.geom.point_on_surface
    data = {
        "title": "Straatfeest Kerkstraat",
        "description": "Een feest voor de hele straat, met muziek en een buffet.",
        "kind": "street_party",
        "lon": f"{spot.x:.6f}",
        "lat": f"{spot.y:.6f}",
        "area": "",
        "place": "",
        "backing_area": "neighbourhoods",
        "backing_radius_m": "",
        "starts_on": "",
        "ends_on": "",
        "means_description": "",
        "means_centre": "",
        "from_pin": "",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-description": "Muziek",
        "budget-0-amount": "250",
        "budget-1-description": "Eten en drinken",
        "budget-1-amount": "1.234,50",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-0-name": "Opbouwen",
        "roles-0-count_needed": "4",
    }
    data.update(overrides)
    return data


def test_a_resident_proposes_an_initiative_with_a_budget_in_euros(client, organiser, hood):
    client.force_login(organiser)
    form = client.get("/initiatieven/nieuw/")
    assert form.status_code == 200
    assert 'name="budget-0-amount"' in form.content.decode()
    response = client.post("/initiatieven/nieuw/", proposal(hood))
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Straatfeest Kerkstraat")
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.status == Initiative.Status.DRAFT
    assert initiative.organiser == organiser
    assert initiative.neighbourhood == hood
    lines = list(
        initiative.budget_lines.order_by("position").values_list("description", "amount_cents")
    )
    assert lines == [("Muziek", 25000), ("Eten en drinken", 123450)]
    assert list(initiative.volunteer_roles.values_list("name", "count_needed")) == [("Opbouwen", 4)]
    page = text_of(client.get(initiative.get_absolute_url()))
    assert "€ 1.484,50" in page  # the total asked, 250 + 1.234,50
    assert "Submit the initiative" in page or "Dien het initiatief in" in page


@pytest.mark.parametrize(
    ("overrides", "field_text"),
    [
        ({"title": ""}, "Give your initiative a title."),
        ({"description": "   "}, "Describe what you want to do and why."),
        ({"kind": "fireworks"}, "Select a valid choice"),
        ({"lon": "", "lat": "", "place": ""}, "Choose the place"),
        ({"lon": "abc"}, "Enter a number"),
        ({"lon": "4.0", "lat": "52.0"}, "outside"),  # Point outside the municipality
        ({"place": "BU99999999", "lon": "", "lat": ""}, "Select a valid choice"),
        ({"budget-0-amount": "twee euro"}, "Enter an amount in euros"),
        ({"budget-0-amount": "-5"}, "Enter an amount in euros"),
        ({"budget-0-amount": "0"}, "more than € 0"),
        ({"budget-0-amount": "250000"}, "at most € 100.000"),
        ({"budget-0-description": ""}, "Say what this amount is for."),
        ({"budget-0-amount": ""}, "Give the amount for this line."),
        ({"roles-0-count_needed": "0"}, "greater than or equal to 1"),
        ({"roles-0-count_needed": ""}, "Say how many people you need."),
        ({"budget-TOTAL_FORMS": "x"}, "ManagementForm data is missing or has been tampered"),
        ({"backing_area": "radius", "backing_radius_m": ""}, "Give the radius around the spot."),
        ({"backing_area": "drawn"}, "Draw the area whose residents are concerned."),
        ({"area": "1,2;3"}, "The drawn area is not a polygon"),
        ({"starts_on": "2026-02-30"}, "Enter a valid date."),
        ({"starts_on": "2030-05-02", "ends_on": "2030-05-01"}, "The end lies before the start."),
        ({"from_pin": "nosuchpin000"}, "This idea does not exist or is not public."),
        ({"title": "x\x00y"}, "Null characters are not allowed."),
    ],
)
def test_every_bad_proposal_is_a_form_error_in_the_page(
    client, organiser, hood, overrides, field_text, settings
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(organiser)
    response = client.post(
        "/initiatieven/nieuw/", proposal(hood, **overrides), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    text = text_of(response)
    assert field_text in text, text[:3000]
    assert "Please correct" in text
    assert not Initiative.objects.exists()


def test_add_a_row_works_without_a_script_and_keeps_the_input(client, organiser, hood):
    client.force_login(organiser)
    response = client.post("/initiatieven/nieuw/", proposal(hood, more="budget", title=""))
    assert response.status_code == 200
    html = response.content.decode()
    # The two filled lines and one empty line; nothing checked (no error for the title).
    assert 'name="budget-TOTAL_FORMS" value="3"' in html
    assert 'value="1.234,50"' in html
    assert "errorlist" not in html
    assert not Initiative.objects.exists()


def test_an_initiative_grows_out_of_an_idea_pin_and_links_to_it(client, organiser, hood):
    pin = pin_create(
        UserFactory(),
        kind=Pin.Kind.IDEA,
        category=idea_category(),
        title="Een moestuin in de wijk",
        geom=hood.geom.point_on_surface,
    )
    client.force_login(organiser)
    form = client.get(f"/initiatieven/nieuw/?pin={pin.public_id}")
    html = form.content.decode()
    assert 'value="Een moestuin in de wijk"' in html
    assert f'value="{pin.public_id}"' in html
    response = client.post(
        "/initiatieven/nieuw/", proposal(hood, title=pin.title, from_pin=pin.public_id)
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.from_pin == pin
    assert pin.title in text_of(client.get(initiative.get_absolute_url()))


def test_the_no_map_alternative_places_it_in_the_chosen_neighbourhood(client, organiser, hood):
    client.force_login(organiser)
    response = client.post("/initiatieven/nieuw/", proposal(hood, lon="", lat="", place=hood.code))
    assert response.status_code == 302
    assert Initiative.objects.get().neighbourhood == hood


def test_a_draft_is_changed_and_submitted_by_its_organiser_only(client, organiser, hood):
    initiative = draft(organiser, hood)
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(initiative.get_absolute_url()).status_code == 404  # drafts are private
    client.force_login(organiser)
    edit = client.get(f"/initiatieven/{initiative.public_id}/bewerken/")
    assert edit.status_code == 200
    assert 'value="600"' in edit.content.decode()  # € 600 from 60000 cents
    data = proposal(hood, title="Moestuin achter de flat, nu groter")
    response = client.post(f"/initiatieven/{initiative.public_id}/bewerken/", data)
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Moestuin achter de flat, nu groter"
    assert initiative.budget_lines.count() == 2
    response = client.post(f"/initiatieven/{initiative.public_id}/indienen/")
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.BACKING
    assert initiative.backers_needed is not None
    # No longer a draft: the edit page says so and changes nothing.
    response = client.post(f"/initiatieven/{initiative.public_id}/bewerken/", data, follow=True)
    assert "Only a draft can be changed" in text_of(response) or "Alleen een concept" in text_of(
        response
    )


def test_submitting_without_asks_says_so(client, organiser, hood, settings):
    settings.LANGUAGE_CODE = "en"
    initiative = draft(organiser, hood, budget_lines=[], volunteer_roles=[])
    client.force_login(organiser)
    response = client.post(
        f"/initiatieven/{initiative.public_id}/indienen/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.DRAFT
    assert "message--error" in response.content.decode()


@pytest.fixture
def open_initiative(organiser, hood):
    programme(min_backers=3)
    return submitted(organiser, hood)


def test_progress_is_shown_as_backs_of_needed(client, open_initiative, hood, settings):
    settings.LANGUAGE_CODE = "en"
    back(open_initiative, 2)
    page = text_of(client.get(open_initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    assert f"2 of the {open_initiative.backers_needed} backers needed" in page


def test_a_neighbour_backs_once_and_is_told_so(client, open_initiative, hood, settings):
    settings.LANGUAGE_CODE = "en"
    neighbour = resident_of(hood)
    client.force_login(neighbour)
    url = f"/initiatieven/{open_initiative.public_id}/reageren/"
    response = client.post(url, {"response": "back"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Thank you for backing it! 1 of the 3 backers needed." in text_of(response)
    assert "You back this initiative." in text_of(response)
    again = client.post(url, {"response": "back"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "You have responded to this initiative already." in text_of(again)
    assert Backing.objects.filter(initiative=open_initiative).count() == 1


def test_an_objection_needs_a_reason(client, open_initiative, hood, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(resident_of(hood))
    url = f"/initiatieven/{open_initiative.public_id}/reageren/"
    response = client.post(url, {"response": "object", "reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Say why you object." in text_of(response)
    response = client.post(url, {"response": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)
    assert not Backing.objects.exists()
    response = client.post(url, {"response": "object", "reason": "Te laat op de avond"})
    assert response.status_code == 302
    assert Backing.objects.get().reason == "Te laat op de avond"


def test_a_resident_outside_the_area_sees_which_area_counts_and_cannot_back(
    client, open_initiative, hood, settings
):
    settings.LANGUAGE_CODE = "en"
    elsewhere = other_district_neighbourhood(hood)
    outsider = resident_of(elsewhere)
    client.force_login(outsider)
    page = text_of(client.get(open_initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    expected = (
        f"Only residents of {hood.name} may respond; your home neighbourhood is {elsewhere.name}."
    )
    assert expected in page
    assert "Send my response" not in page
    response = client.post(
        f"/initiatieven/{open_initiative.public_id}/reageren/",
        {"response": "back"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert expected in text_of(response)
    assert not Backing.objects.exists()


def test_reaching_the_threshold_is_announced(client, open_initiative, hood, settings):
    settings.LANGUAGE_CODE = "en"
    back(open_initiative, 2)
    client.force_login(resident_of(hood))
    response = client.post(
        f"/initiatieven/{open_initiative.public_id}/reageren/",
        {"response": "back"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "The threshold is reached" in text_of(response)
    open_initiative.refresh_from_db()
    assert open_initiative.status == Initiative.Status.REVIEW


def test_anonymous_visitors_are_asked_to_log_in_and_cannot_post(client, open_initiative):
    page = client.get(open_initiative.get_absolute_url())
    assert page.status_code == 200
    assert "/account/" in page.content.decode() or "login" in page.content.decode()
    response = client.post(
        f"/initiatieven/{open_initiative.public_id}/reageren/", {"response": "back"}
    )
    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert not Backing.objects.exists()


def test_a_neighbour_signs_up_for_a_volunteer_role_until_it_is_full(
    client, open_initiative, hood, settings
):
    settings.LANGUAGE_CODE = "en"
    role = open_initiative.volunteer_roles.get()
    role.count_needed = 1
    role.save()
    helper = UserFactory()
    client.force_login(helper)
    url = f"/initiatieven/{open_initiative.public_id}/vrijwilligers/{role.pk}/"
    response = client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "You are signed up for “Water geven”" in text_of(response)
    client.force_login(UserFactory())
    response = client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Enough people have signed up for this role." in text_of(response)
    assert role.signups.count() == 1
    assert (
        client.post(f"/initiatieven/{open_initiative.public_id}/vrijwilligers/999999/").status_code
        == 404
    )


def test_a_neighbour_joins_as_co_organiser_by_the_invitation_link(client, organiser, hood):
    initiative = draft(organiser, hood)
    client.force_login(organiser)
    page = client.get(initiative.get_absolute_url()).content.decode()
    link = re.search(r'id="invite-url"[^>]*value="([^"]+)"', page).group(1)
    path = re.sub(r"^https?://[^/]+", "", unescape(link))
    friend = resident_of(hood)
    client.force_login(friend)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert list(initiative.co_organisers.all()) == [friend]
    # A forged token joins nobody.
    other = resident_of(hood)
    client.force_login(other)
    forged = path.replace("/meedoen/", "/meedoen/x")
    client.post(forged)
    assert list(initiative.co_organisers.all()) == [friend]


def test_the_list_filters_by_district_status_year_and_kind_and_pages(
    client, organiser, hood, settings
):
    settings.LANGUAGE_CODE = "en"
    a = submitted(organiser, hood, title="Moestuin Noord")
    elsewhere = other_district_neighbourhood(hood)
    b = submitted(resident_of(elsewhere), elsewhere, title="Speeltuin Zuid", kind="playground")
    hidden = draft(organiser, hood, title="Nog geheim concept")
    page = text_of(client.get("/initiatieven/"))
    assert a.title in page and b.title in page and hidden.title not in page
    by_district = text_of(client.get(f"/initiatieven/?district={hood.parent.code}"))
    assert a.title in by_district and b.title not in by_district
    by_kind = text_of(client.get("/initiatieven/?kind=playground"))
    assert b.title in by_kind and a.title not in by_kind
    by_year = text_of(client.get(f"/initiatieven/?year={a.year}&status=backing"))
    assert a.title in by_year and b.title in by_year
    none = text_of(client.get(f"/initiatieven/?year={a.year - 1}"))
    assert a.title not in none
    bad = client.get("/initiatieven/?district=WK99&year=abc&status=nonsense")
    assert bad.status_code == 200
    assert "not understood" in text_of(bad)
    assert a.title in text_of(bad)


def test_the_list_has_pages(client, organiser, hood):
    for n in range(21):
        submitted(organiser, hood, title=f"Initiatief nummer {n:02d}")
    first = client.get("/initiatieven/").content.decode()
    second = client.get("/initiatieven/?pagina=2").content.decode()
    titles = lambda html: set(re.findall(r"Initiatief nummer \d\d", html))  # noqa: E731
    assert len(titles(first)) == 20 and len(titles(second)) == 1
    assert titles(first).isdisjoint(titles(second))
    assert 'rel="next"' in first
    assert client.get("/initiatieven/?pagina=abc").status_code == 200


def test_an_unknown_initiative_is_a_404(client):
    assert client.get("/initiatieven/abcdefabcdef/").status_code == 404
    # A NUL in the address is refused before any view (participatie/guards): never a 500.
    assert client.get("/initiatieven/x%00y/").status_code in (400, 404)


def test_the_pages_speak_dutch_by_default(client, open_initiative, hood, organiser):
    back(open_initiative, 1)
    page = text_of(client.get(open_initiative.get_absolute_url()))
    assert f"1 van de {open_initiative.backers_needed} benodigde steunbetuigingen" in page
    assert "Steun uit de buurt" in page
    listing = text_of(client.get("/initiatieven/"))
    assert "Buurtinitiatieven" in listing or "Initiatieven" in listing
    client.force_login(organiser)
    form = text_of(client.get("/initiatieven/nieuw/"))
    assert "Een initiatief voorstellen" in form and "Begrotingsregel toevoegen" in form
    bad = client.post("/initiatieven/nieuw/", proposal(hood, **{"budget-0-amount": "veel"}))
    assert "Vul een bedrag in euro in, bijvoorbeeld 250 of 12,50." in text_of(bad)


def test_an_idea_pin_offers_to_become_an_initiative(client, hood):
    pin = pin_create(
        UserFactory(),
        kind=Pin.Kind.IDEA,
        category=idea_category(),
        title="Bankjes bij de vijver",
        geom=hood.geom.point_on_surface,
    )
    html = client.get(pin.get_absolute_url()).content.decode()
    assert f'href="/initiatieven/nieuw/?pin={pin.public_id}"' in html
    assert "Maak hier een buurtinitiatief van" in html
    complaint = pin_create(UserFactory(), geom=hood.geom.point_on_surface)
    assert (
        "/initiatieven/nieuw/?pin=" not in client.get(complaint.get_absolute_url()).content.decode()
    )


def test_moving_a_draft_to_another_neighbourhood_moves_the_residents_concerned(
    client, organiser, hood
):
    initiative = draft(organiser, hood)
    assert list(initiative.backing_neighbourhoods.all()) == [hood]
    elsewhere = other_district_neighbourhood(hood)
    spot = elsewhere.geom.point_on_surface
    client.force_login(organiser)
    response = client.post(
        f"/initiatieven/{initiative.public_id}/bewerken/",
        proposal(hood, lon=f"{spot.x:.6f}", lat=f"{spot.y:.6f}"),
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.neighbourhood == elsewhere
    assert list(initiative.backing_neighbourhoods.all()) == [elsewhere]


def test_means_with_a_room_in_an_information_centre(client, organiser, hood):
    from maps.models import Centre

    centre = Centre.objects.order_by("name").first()
    client.force_login(organiser)
    response = client.post(
        "/initiatieven/nieuw/",
        proposal(hood, means_description="Tafels en stoelen", means_centre=str(centre.pk)),
    )
    assert response.status_code == 302
    means = Initiative.objects.get().means.get()
    assert (means.description, means.centre) == ("Tafels en stoelen", centre)
    bad = client.post("/initiatieven/nieuw/", proposal(hood, means_centre="999999"))
    assert bad.status_code == 400
    page = text_of(client.get(Initiative.objects.get().get_absolute_url()))
    assert f"Tafels en stoelen ({centre.name})" in page


def test_an_invitation_link_older_than_its_days_joins_nobody(client, organiser, hood):
    import time

    from django.core import signing

    from participatie.initiatives.services import proposals

    class SignedLongAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - (proposals.INVITE_DAYS + 1) * 86400)

    initiative = draft(organiser, hood)
    old = SignedLongAgo(salt=proposals.INVITE_SALT).sign_object(
        {"initiative": initiative.public_id}, compress=True
    )
    path = f"/initiatieven/{initiative.public_id}/meedoen/{old}/"
    client.force_login(resident_of(hood))
    response = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "This invitation link is not valid" in text_of(response)
    assert initiative.title not in text_of(response)  # the draft stays private
    client.post(path)
    assert not initiative.co_organisers.exists()
