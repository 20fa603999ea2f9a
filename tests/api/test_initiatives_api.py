"""The initiatives API: the public GeoJSON list and detail (never a person), the residents'
writes (propose, submit, back or object, volunteer, questions, report) and the district
team's review and decision, each bad input a 400 naming its field."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from PIL import Image

from participatie.initiatives.models import (
    Backing,
    ChecklistItem,
    DistrictAllocation,
    Initiative,
)
from tests.participatie.factories import UserFactory
from tests.participatie.initiatives import factories as f

pytestmark = pytest.mark.django_db

LIST = "/api/v1/public/initiatives/"
STAFF = "/api/v1/private/initiatives/"


def detail(initiative) -> str:
    return f"{LIST}{initiative.public_id}/"


def point_of(hood) -> dict:
    p = hood.geom.point_on_surface
    return {"type": "Point", "coordinates": [p.x, p.y]}


def proposal_json(hood, **overrides) -> dict:
    body = {
        "title": "Moestuin achter de flat",
        "description": "Samen groente kweken.",
        "kind": "garden",
        "location": point_of(hood),
        "budget_lines": [
            {"description": "Plantenbakken", "amount_cents": 60000},
            {"description": "Zaden en aarde", "amount_cents": 20000},
        ],
        "volunteer_roles": [{"name": "Water geven", "count_needed": 4}],
    }
    body.update(overrides)
    return body


def problem_fields(response) -> set[str]:
    assert response.status_code == 400, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    return set(response.json()["errors"])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def hood():
    return f.neighbourhood(0)


@pytest.fixture
def organiser(hood):
    return f.resident_of(hood, display_name="Organisator Olga", email="olga@example.org")


# --- public reads ---------------------------------------------------------------------


def test_the_list_holds_exactly_the_public_initiatives_without_any_person(api, hood, organiser):
    shown = f.submitted(organiser, hood, title="Zichtbaar plan")
    draft = f.draft(organiser, hood, title="Nog een concept")
    backers = f.back(shown, 3)
    f.back(shown, 1, response="object")
    response = api.get(LIST)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/geo+json"
    features = {feat["id"]: feat for feat in response.json()["features"]}
    assert shown.public_id in features and draft.public_id not in features
    props = features[shown.public_id]["properties"]
    assert props["backs"] == 3 and props["objections"] == 1
    assert props["status"] == "backing" and props["map_status"] == "backing"
    assert props["district_code"] == hood.parent.code
    assert props["backers_needed"] == shown.backers_needed
    text = response.text
    for person in [organiser, *backers]:
        assert person.email not in text and person.username not in text
    assert "Organisator Olga" not in text and "organiser" not in text


def test_the_list_filters_by_district_status_year_kind_and_box(api, hood, organiser):
    other_hood = f.other_district_neighbourhood(hood)
    garden = f.submitted(organiser, hood, kind="garden")
    party = f.submitted(
        f.resident_of(other_hood), other_hood, kind="street_party", title="Straatfeest"
    )

    def ids(**params):
        response = api.get(LIST, params=params)
        assert response.status_code == 200, response.text
        return {feat["id"] for feat in response.json()["features"]}

    both = {garden.public_id, party.public_id}
    assert ids() >= both
    assert garden.public_id in ids(district=hood.parent.code)
    assert party.public_id not in ids(district=hood.parent.code)
    assert ids(kind="street_party") & both == {party.public_id}
    assert ids(status="backing") >= both and ids(status="realised") & both == set()
    assert ids(year=garden.year) >= both and ids(year=garden.year - 1) & both == set()
    x, y = garden.geom.x, garden.geom.y
    assert ids(bbox=f"{x - 0.0001},{y - 0.0001},{x + 0.0001},{y + 0.0001}") == {garden.public_id}
    assert len(ids(limit=1)) == 1


@pytest.mark.parametrize(
    "params, field",
    [
        ({"district": "WK999999"}, "district"),
        ({"status": "draft"}, "status"),
        ({"status": "bogus"}, "status"),
        ({"kind": "castle"}, "kind"),
        ({"year": "last"}, "year"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"limit": "0"}, "limit"),
        ({"limit": "999999"}, "limit"),
        ({"area": "XX"}, "area"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api, params, field):
    assert field in problem_fields(api.get(LIST, params=params))


def test_the_detail_shows_asks_progress_and_no_person(api, hood, organiser):
    initiative = f.submitted(organiser, hood)
    f.back(initiative, 2)
    response = api.get(detail(initiative))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == initiative.public_id
    assert [line["amount_cents"] for line in body["budget_lines"]] == [60000, 20000]
    assert body["volunteer_roles"][0]["count_needed"] == 4
    assert body["progress"]["backs"] == 2
    assert body["progress"]["needed"] == initiative.backers_needed
    assert body["progress"]["missing"] == max(initiative.backers_needed - 2, 0)
    assert body["questions"] is None and body["is_mine"] is False
    assert organiser.email not in response.text and "Olga" not in response.text


def test_a_draft_is_found_only_by_its_organiser(api, signed_in, hood, organiser):
    draft = f.draft(organiser, hood)
    assert api.get(detail(draft)).status_code == 404
    assert signed_in(f.resident_of(hood)).get(detail(draft)).status_code == 404
    mine = signed_in(organiser).get(detail(draft))
    assert mine.status_code == 200 and mine.json()["is_mine"] is True


# --- residents' writes ----------------------------------------------------------------


def test_a_resident_proposes_changes_and_submits(signed_in, hood, organiser):
    client = signed_in(organiser)
    created = client.post(LIST, json=proposal_json(hood))
    assert created.status_code == 201, created.text
    public_id = created.json()["id"]
    initiative = Initiative.objects.get(public_id=public_id)
    assert initiative.status == "draft" and initiative.organiser == organiser
    assert initiative.neighbourhood == hood
    changed = client.patch(f"{LIST}{public_id}/", json={"title": "Moestuin aan de sloot"})
    assert changed.status_code == 200 and changed.json()["title"] == "Moestuin aan de sloot"
    submitted = client.post(f"{LIST}{public_id}/submit/")
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "backing"
    assert submitted.json()["backing_neighbourhoods"] == [hood.code]
    again = client.post(f"{LIST}{public_id}/submit/")
    assert "status" in problem_fields(again)


def test_proposing_needs_a_verified_account(api, signed_in, hood):
    assert api.post(LIST, json=proposal_json(hood)).status_code in (401, 403)
    unverified = UserFactory(email_verified_at=None, home_neighbourhood=hood)
    assert signed_in(unverified).post(LIST, json=proposal_json(hood)).status_code == 403
    assert not Initiative.objects.filter(title="Moestuin achter de flat").exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": ""}, "title"),
        ({"title": 5}, "title"),
        ({"description": "   "}, "description"),
        ({"kind": "castle"}, "kind"),
        ({"location": {"type": "Point", "coordinates": [200, 0]}}, "location"),
        ({"location": {"type": "LineString", "coordinates": [[6, 52], [6.1, 52]]}}, "location"),
        ({"location": {"type": "Point", "coordinates": [4.9, 52.37]}}, "location"),
        ({"area": {"type": "Polygon", "coordinates": "x"}}, "area"),
        ({"starts_on": "morgen"}, "starts_on"),
        ({"starts_on": "2031-05-02", "ends_on": "2031-05-01"}, "ends_on"),
        ({"backing_area": "everyone"}, "backing_area"),
        ({"backing_area": "radius", "backing_radius_m": 5}, "backing_radius_m"),
        ({"backing_neighbourhoods": ["BU99999999"]}, "backing_neighbourhoods"),
        ({"budget_lines": [{"description": "Bank", "amount_cents": 0}]}, "budget_lines"),
        ({"budget_lines": [{"description": "", "amount_cents": 100}]}, "budget_lines"),
        ({"volunteer_roles": [{"name": "Hulp", "count_needed": -1}]}, "volunteer_roles"),
        ({"from_pin": "nietbestaand"}, "from_pin"),
    ],
)
def test_every_bad_proposal_field_is_a_400_naming_it(signed_in, hood, organiser, overrides, field):
    before = Initiative.objects.count()
    response = signed_in(organiser).post(LIST, json=proposal_json(hood, **overrides))
    assert field in problem_fields(response)
    assert Initiative.objects.count() == before


def test_submitting_nothing_asked_is_refused_by_field(signed_in, hood, organiser):
    client = signed_in(organiser)
    body = proposal_json(hood, budget_lines=[], volunteer_roles=[])
    public_id = client.post(LIST, json=body).json()["id"]
    assert "budget_lines" in problem_fields(client.post(f"{LIST}{public_id}/submit/"))


def test_only_the_organisers_change_or_submit(signed_in, hood, organiser):
    draft = f.draft(organiser, hood)
    # A stranger does not even see the draft.
    stranger = signed_in(f.resident_of(hood))
    assert stranger.patch(detail(draft), json={"title": "Van mij"}).status_code == 404
    assert stranger.post(f"{detail(draft)}submit/").status_code == 404
    submitted = f.submitted(organiser, hood, title="Ingediend")
    refused = stranger.patch(detail(submitted), json={"title": "Van mij"})
    assert refused.status_code == 403
    submitted.refresh_from_db()
    assert submitted.title == "Ingediend"


def test_backing_counts_once_and_says_the_progress(signed_in, hood, organiser):
    initiative = f.submitted(organiser, hood)
    neighbour = signed_in(f.resident_of(hood))
    first = neighbour.post(f"{detail(initiative)}backing/", json={"response": "back"})
    assert first.status_code == 201, first.text
    assert first.json()["backs"] == 1
    assert first.json()["missing"] == initiative.backers_needed - 1
    again = neighbour.post(f"{detail(initiative)}backing/", json={"response": "back"})
    assert again.status_code in (400, 409)
    assert Backing.objects.filter(initiative=initiative).count() == 1


def test_an_objection_needs_a_reason(signed_in, hood, organiser):
    initiative = f.submitted(organiser, hood)
    neighbour = signed_in(f.resident_of(hood))
    url = f"{detail(initiative)}backing/"
    assert "reason" in problem_fields(neighbour.post(url, json={"response": "object"}))
    assert "response" in problem_fields(neighbour.post(url, json={"response": "maybe"}))
    done = neighbour.post(url, json={"response": "object", "reason": "Te druk"})
    assert done.status_code == 201 and done.json()["objections"] == 1


def test_a_resident_outside_the_area_cannot_back_and_hears_which_area(signed_in, hood, organiser):
    initiative = f.submitted(organiser, hood)
    outsider = f.resident_of(f.other_district_neighbourhood(hood))
    response = signed_in(outsider).post(f"{detail(initiative)}backing/", json={"response": "back"})
    assert response.status_code == 403
    assert hood.name in response.json()["detail"]
    assert not Backing.objects.filter(initiative=initiative).exists()


def test_volunteers_sign_up_and_take_it_back(signed_in, hood, organiser):
    initiative = f.submitted(organiser, hood)
    role = initiative.volunteer_roles.get()
    client = signed_in(f.resident_of(hood))
    url = f"{detail(initiative)}volunteers/"
    joined = client.post(url, json={"role": role.pk})
    assert joined.status_code == 200 and joined.json() == {
        "role": role.pk,
        "signed_up": True,
        "count": 1,
    }
    left = client.delete(url, json={"role": role.pk})
    assert left.status_code == 200 and left.json()["count"] == 0
    assert "role" in problem_fields(client.post(url, json={"role": role.pk + 1000}))
    assert "role" in problem_fields(client.post(url, json={"role": "een"}))


def test_questions_thread_is_for_organisers_and_the_team(signed_in, hood, organiser):
    initiative = f.submitted(organiser, hood)
    team = f.team_of(hood)
    asked = signed_in(team).post(
        f"{STAFF}{initiative.public_id}/questions/", json={"text": "Waar?"}
    )
    assert asked.status_code == 201, asked.text
    assert asked.json()["from_team"] is True
    assert any(organiser.email in m.to for m in mail.outbox)
    answer = signed_in(organiser).post(f"{detail(initiative)}questions/", json={"text": "Hier."})
    assert answer.status_code == 201 and answer.json()["from_team"] is False
    seen = signed_in(organiser).get(detail(initiative)).json()["questions"]
    assert [q["text"] for q in seen] == ["Waar?", "Hier."]
    neighbour = signed_in(f.resident_of(hood))
    assert neighbour.get(detail(initiative)).json()["questions"] is None
    refused = neighbour.post(f"{detail(initiative)}questions/", json={"text": "Ik ook?"})
    assert refused.status_code == 403
    assert "text" in problem_fields(
        signed_in(organiser).post(f"{detail(initiative)}questions/", json={"text": " "})
    )


def _jpeg() -> tuple[str, bytes, str]:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(buffer, "JPEG")
    return ("feest.jpg", buffer.getvalue(), "image/jpeg")


def _granted(organiser, hood, year: int):
    initiative = f.reached(organiser, hood)
    f.budget(hood.parent, 1_000_000, initiative.year)
    return initiative


# --- the district team ----------------------------------------------------------------


def test_the_team_grants_part_within_the_budget_and_the_organiser_reports(
    signed_in, hood, organiser
):
    initiative = _granted(organiser, hood, 0)
    allocation = DistrictAllocation.objects.get(district=hood.parent, budget__year=initiative.year)
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    team = signed_in(f.team_of(hood))
    listed = team.get(STAFF)
    assert initiative.public_id in [row["id"] for row in listed.json()]
    decided = team.post(
        f"{STAFF}{initiative.public_id}/decision/",
        json={
            "outcome": "partly_granted",
            "reason": "Zaden betaalt de buurt zelf.",
            "granted": {str(lines[0].pk): 60000, str(lines[1].pk): 0},
        },
    )
    assert decided.status_code == 201, decided.text
    body = decided.json()
    assert body["status"] == "partly_granted" and body["decision"]["granted_cents"] == 60000
    allocation.refresh_from_db()
    assert allocation.granted_cents == 60000
    # The organiser reports it realised, with a photo and what was spent.
    report = signed_in(organiser).post(
        f"{detail(initiative)}report/",
        data={"text": "Het is gelukt.", "spent": f'{{"{lines[0].pk}": 55000}}'},
        files={"photos": _jpeg()},
    )
    assert report.status_code == 201, report.text
    assert report.json()["status"] == "realised"
    assert report.json()["report"]["photos"][0]["width"] > 0
    assert report.json()["budget_lines"][0]["spent_cents"] == 55000


def test_only_the_team_of_the_district_decides(signed_in, hood, organiser):
    initiative = _granted(organiser, hood, 0)
    url = f"{STAFF}{initiative.public_id}/decision/"
    other_team = f.team_of(f.other_district_neighbourhood(hood))
    refused = signed_in(other_team).post(url, json={"outcome": "granted"})
    assert refused.status_code == 403
    assert signed_in(organiser).post(url, json={"outcome": "granted"}).status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == "review"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "declined"}, "reason"),
        ({"outcome": "partly_granted", "reason": "Deels", "granted": "x"}, "granted"),
        ({"outcome": "partly_granted", "reason": "Deels", "granted": {"0": 5}}, "granted"),
        ({"outcome": "granted", "contributions": [{"partner": "nobody", "kind": "money"}]},
         "contributions"),
        ({"outcome": "granted", "contributions": [{"partner": "x", "kind": "gold"}]},
         "contributions"),
    ],
)  # fmt: skip
def test_every_bad_decision_field_is_a_400_naming_it(signed_in, hood, organiser, payload, field):
    initiative = _granted(organiser, hood, 0)
    team = signed_in(f.team_of(hood))
    response = team.post(f"{STAFF}{initiative.public_id}/decision/", json=payload)
    assert field in problem_fields(response)
    initiative.refresh_from_db()
    assert initiative.status == "review"


def test_a_grant_over_the_budget_is_refused_and_nothing_drawn(signed_in, hood, organiser):
    initiative = f.reached(organiser, hood)
    f.budget(hood.parent, 50_000, initiative.year)  # less than the € 800 asked
    team = signed_in(f.team_of(hood))
    response = team.post(f"{STAFF}{initiative.public_id}/decision/", json={"outcome": "granted"})
    assert "granted" in problem_fields(response)
    assert DistrictAllocation.objects.get(district=hood.parent).granted_cents == 0


def test_the_checklist_is_ticked_by_the_team(signed_in, hood, organiser):
    initiative = f.submitted(organiser, hood)
    item = ChecklistItem.objects.create(programme=initiative.programme, text="Veilig?")
    team = signed_in(f.team_of(hood))
    url = f"{STAFF}{initiative.public_id}/checklist/"
    assert team.post(url, json={"item": item.pk}).status_code == 200
    assert initiative.checklist_ticks.filter(item=item).exists()
    assert "item" in problem_fields(team.post(url, json={"item": item.pk + 999}))


def test_the_staff_api_is_closed_to_residents(api, signed_in, hood, organiser):
    assert api.get(STAFF).status_code in (401, 403)
    assert signed_in(organiser).get(STAFF).status_code == 403


def test_a_resident_backs_with_an_api_token(api, hood, organiser):
    from participatie.accounts.services import api_token_create

    initiative = f.submitted(organiser, hood)
    neighbour = f.resident_of(hood)
    _token, key = api_token_create(user=neighbour, label="app")
    response = api.post(
        f"{detail(initiative)}backing/",
        json={"response": "back"},
        headers={"Authorization": f"Token {key}"},
    )
    assert response.status_code == 201, response.text
    assert Backing.objects.get(initiative=initiative).resident == neighbour
    wrong = api.post(
        f"{detail(initiative)}backing/",
        json={"response": "back"},
        headers={"Authorization": "Token not-a-key"},
    )
    assert wrong.status_code == 401


def test_a_screened_initiative_opens_for_backing_by_its_district_team(signed_in, hood, organiser):
    f.programme(screen_before_backing=True)
    initiative = f.submitted(organiser, hood)
    assert initiative.status == "submitted"
    url = f"{STAFF}{initiative.public_id}/open-backing/"
    other_team = f.team_of(f.other_district_neighbourhood(hood))
    assert signed_in(other_team).post(url).status_code == 403
    neighbour = signed_in(f.resident_of(hood))
    early = neighbour.post(f"{detail(initiative)}backing/", json={"response": "back"})
    assert "initiative" in problem_fields(early)
    opened = signed_in(f.team_of(hood)).post(url)
    assert opened.status_code == 200, opened.text
    assert opened.json()["status"] == "backing"
    assert (
        neighbour.post(f"{detail(initiative)}backing/", json={"response": "back"}).status_code
        == 201
    )
