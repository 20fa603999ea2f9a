"""The public redesign API (/api/v1/public/redesigns/): projects and options as GeoJSON,
the result only once published, the vote (a resident's token or a household's code) with
its 400/403/409/429 answers, receipts, and all of it in the OpenAPI schema."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.gis.geos import GeometryCollection, LineString, Point
from django.core.cache import caches
from django.core.files.base import ContentFile

from participatie.voting import services
from participatie.voting.models import Ballot
from tests.participatie.accounts.factories import api_key_for
from tests.participatie.factories import DesignerFactory
from tests.participatie.voting.factories import (
    ProjectFactory,
    codes_issue,
    neighbourhood,
    options_of,
    resident_of,
)
from tests.problems import field_errors, problem

pytestmark = pytest.mark.django_db
BASE = "/api/v1/public/redesigns"
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


@pytest.fixture(autouse=True)
def _no_earlier_wrong_codes():
    caches["default"].clear()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def post_vote(client, project, choices, code=None, token=None):
    body = {"choices": choices}
    if code is not None:
        body["code"] = code
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return client.post(
        f"{BASE}/{project.slug}/vote/", body, content_type="application/json", **headers, **NL
    )


def token_for(user) -> str:
    return api_key_for(user)


def ballots_of(project) -> list[Ballot]:
    return list(Ballot.objects.filter(project=project))


# --- the schema ---------------------------------------------------------------------------


def test_every_redesign_endpoint_is_in_the_openapi_schema_with_its_answers(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    prefix = "/api/v1/public/redesigns/"

    for path in ("", "{slug}/", "{slug}/options/", "{slug}/results/", "{slug}/vote/"):
        assert "get" in paths[prefix + path] or "post" in paths[prefix + path]
    vote = paths[prefix + "{slug}/vote/"]["post"]
    assert set(vote["responses"]) >= {"200", "201", "400", "403", "409", "429"}
    assert {"choices", "code"} <= set(
        schema["components"]["schemas"]["VoteCreateRequest"]["properties"]
    )
    assert "404" in paths[prefix + "{slug}/results/"]["get"]["responses"]
    assert "post" in paths[prefix + "{slug}/receipt/"]
    overlay = schema["components"]["schemas"]["Overlay"]["properties"]["corners"]
    assert (overlay["minItems"], overlay["maxItems"]) == (4, 4)


# --- reading ------------------------------------------------------------------------------


def test_the_list_is_geojson_of_published_projects_with_their_phase(client):
    voting = ProjectFactory(phase="voting")
    consultation = ProjectFactory(phase="consultation")
    ProjectFactory(phase="draft")

    data = client.get(f"{BASE}/").json()

    assert data["type"] == "FeatureCollection"
    by_slug = {f["properties"]["slug"]: f for f in data["features"]}
    assert set(by_slug) == {voting.slug, consultation.slug}
    street = by_slug[voting.slug]["geometry"]
    assert street["type"] == "LineString"
    assert street["coordinates"] == [list(c) for c in voting.geom.coords]
    assert by_slug[voting.slug]["properties"]["phase"] == "voting"
    assert by_slug[consultation.slug]["properties"]["phase"] == "consultation"
    assert by_slug[voting.slug]["properties"]["url"].endswith(f"/herinrichting/{voting.slug}/")


def test_the_list_filters_by_area_and_phase_and_rejects_an_unknown_area(client):
    here = neighbourhood(index=0)
    there = neighbourhood(index=5)
    in_here = ProjectFactory(hood=here, phase="voting")
    ProjectFactory(hood=there, phase="voting")
    closed_here = ProjectFactory(hood=here, phase="closed")

    def slugs(query) -> set[str]:
        return {f["properties"]["slug"] for f in client.get(f"{BASE}/", query).json()["features"]}

    assert slugs({"area": here.code}) == {in_here.slug, closed_here.slug}
    assert slugs({"area": here.code, "phase": "closed"}) == {closed_here.slug}
    response = client.get(f"{BASE}/", {"area": "BU00000000"})
    assert response.status_code == 400
    assert "area" in field_errors(response)


def test_the_list_answers_the_projects_whose_street_touches_the_box(client):
    hood = neighbourhood(index=0)
    spot = hood.geom.point_on_surface
    west, south, east, north = spot.x - 0.003, spot.y - 0.002, spot.x + 0.003, spot.y + 0.002
    nudge = 1e-5

    def street(*coords):
        return LineString(*coords, srid=4326)

    streets = {
        "inside": street((spot.x - 0.0003, spot.y), (spot.x + 0.0003, spot.y)),
        # Only its eastern end lies in the box; a street crossing the whole box, no end in it.
        "reaching_in": street((west - 0.001, north - 0.001), (west + 0.0005, north - 0.001)),
        "crossing": street((west - 0.001, spot.y + 0.001), (east + 0.001, spot.y + 0.001)),
        "north_of_it": street((spot.x - 0.0003, north + nudge), (spot.x + 0.0003, north + nudge)),
        "east_of_it": street((east + nudge, spot.y), (east + 0.001, spot.y)),
    }
    made = {
        name: ProjectFactory(hood=hood, phase="voting", geom=geom).slug
        for name, geom in streets.items()
    }
    # From the raw coordinates: a straight segment meets the box when, clipped to the box's
    # latitudes, it still spans some of its longitudes (all these segments are east-west).
    expected = set()
    for name, geom in streets.items():
        (x0, y0), (x1, y1) = geom.coords
        assert y0 == y1
        if south <= y0 <= north and min(x0, x1) <= east and max(x0, x1) >= west:
            expected.add(made[name])
    assert expected == {made[n] for n in ("inside", "reaching_in", "crossing")}

    box = ",".join(repr(v) for v in (west, south, east, north))
    data = client.get(f"{BASE}/", {"bbox": box}).json()

    assert {f["properties"]["slug"] for f in data["features"]} == expected
    # With the phase filter too; the whole outline comes back, not the piece in the box.
    data = client.get(f"{BASE}/", {"bbox": box, "phase": "voting"}).json()
    by_slug = {f["properties"]["slug"]: f for f in data["features"]}
    assert set(by_slug) == expected
    crossing = by_slug[made["crossing"]]["geometry"]["coordinates"]
    assert crossing == [list(c) for c in streets["crossing"].coords]


@pytest.mark.parametrize(
    "bbox",
    ["6.5,52.9,6.6", "6.5,52.9,6.6,x", "6.6,52.9,6.5,53.0", "6.5,95,6.6,96", "nan,1,2,3"],
)
def test_a_bad_box_is_a_400_about_the_box(client, bbox):
    response = client.get(f"{BASE}/", {"bbox": bbox}, **NL)

    assert response.status_code == 400
    assert field_errors(response)["bbox"]


def test_the_box_of_the_list_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    listing = schema["paths"]["/api/v1/public/redesigns/"]["get"]
    params = {p["name"]: p for p in listing["parameters"]}
    assert "min_lon,min_lat,max_lon,max_lat" in params["bbox"]["description"]


def test_the_detail_says_who_may_vote_and_what_that_guarantees(client):
    project = ProjectFactory(eligibility="codes")

    properties = client.get(f"{BASE}/{project.slug}/", **NL).json()["properties"]

    assert properties["eligibility"] == "codes"
    assert "bindende stemming" in properties["eligibility_promise"]
    assert [o["title"] for o in properties["options"]] == ["Ontwerp A", "Ontwerp B"]
    assert properties["result_published"] is False
    assert client.get(f"{BASE}/{ProjectFactory(phase='draft').slug}/").status_code == 404


def test_options_are_geojson_with_the_drawing_corners_and_the_features_by_kind(client, media_root):
    project = ProjectFactory()
    option = options_of(project)[0]
    (x0, y0), (x1, y1) = project.geom.coords
    corners = [[x0, y0 + 0.0001], [x1, y1 + 0.0001], [x0, y0 - 0.0001], [x1, y1 - 0.0001]]
    option.overlay.save("tekening.png", ContentFile(_png()), save=False)
    option.overlay_corners = corners
    option.features = GeometryCollection(
        Point(x0, y0, srid=4326), LineString((x0, y0), (x1, y1), srid=4326), srid=4326
    )
    option.feature_kinds = ["tree", "path"]
    option.save()

    data = client.get(f"{BASE}/{project.slug}/options/").json()

    first, second = data["features"]
    assert first["id"] == option.pk
    assert first["properties"]["overlay"]["corners"] == corners
    assert first["properties"]["overlay"]["url"].startswith("http://testserver/")
    assert first["geometry"]["type"] == "GeometryCollection"
    assert [g["type"] for g in first["geometry"]["geometries"]] == ["Point", "LineString"]
    assert first["geometry"]["geometries"][0]["coordinates"] == [x0, y0]
    assert first["properties"]["feature_kinds"] == ["tree", "path"]
    assert second["geometry"] is None and second["properties"]["overlay"] is None


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (30, 10), (200, 220, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("phase", ["consultation", "voting", "closed"])
def test_the_result_is_not_there_before_it_is_published(client, phase):
    project = ProjectFactory(phase=phase)

    response = client.get(f"{BASE}/{project.slug}/results/", **NL)

    assert response.status_code == 404
    assert problem(response)["detail"] == "De uitslag is nog niet gepubliceerd."


def test_the_published_result_counts_the_ballots_as_cast(client):
    hood = neighbourhood(index=0)
    project = ProjectFactory(hood=hood, method="approval")
    first, second = options_of(project)
    codes = codes_issue(project, 8, hood=hood)
    cast = [[first.pk], [first.pk, second.pk], [second.pk], [first.pk], [first.pk, second.pk]]
    for code, choices in zip(codes, cast, strict=False):
        assert post_vote(client, project, choices, code=code).status_code == 201
    designer = DesignerFactory()
    services.voting_close(by=designer, project=project)
    project.refresh_from_db()

    listed_before = client.get(f"{BASE}/{project.slug}/").json()["properties"]["result"]
    services.result_publish(by=designer, project=project)
    data = client.get(f"{BASE}/{project.slug}/results/").json()
    listed = client.get(f"{BASE}/").json()["features"][0]["properties"]["result"]

    # From the ballots above: A on 4 of 5, B on 3 of 5; 5 of 8 codes used.
    assert data["ballots"] == 5
    assert data["eligible"] == 8
    assert data["turnout"] == pytest.approx(5 / 8)
    assert [(o["title"], o["votes"], o["share"]) for o in data["options"]] == [
        ("Ontwerp A", 4, pytest.approx(0.8)),
        ("Ontwerp B", 3, pytest.approx(0.6)),
    ]
    (row,) = data["per_neighbourhood"]
    assert row["neighbourhood"] == hood.name and row["ballots"] == 5
    assert row["votes"] == [{"option": first.pk, "votes": 4}, {"option": second.pk, "votes": 3}]
    assert listed_before is None
    assert listed == {
        "ballots": 5,
        "leading": [{"id": first.pk, "title": "Ontwerp A", "votes": 4, "share": 0.8}],
    }


# --- voting -------------------------------------------------------------------------------


def test_a_household_votes_with_its_code_once(client):
    project = ProjectFactory()
    first, second = options_of(project)
    code = codes_issue(project, 1)[0]

    response = post_vote(client, project, [second.pk], code=code)
    again = post_vote(client, project, [first.pk], code=code)

    assert response.status_code == 201
    body = response.json()
    assert body["changed"] is False
    assert body["choices"] == [{"id": second.pk, "title": "Ontwerp B"}]
    receipt = body["receipt"].replace("-", "")
    (ballot,) = ballots_of(project)
    assert ballot.receipt_hash == hashlib.sha256(receipt.encode()).hexdigest()
    assert ballot.choices == [second.pk]
    assert response["Cache-Control"] == "private, no-store"
    assert again.status_code == 409
    assert field_errors(again) == {"code": ["Met deze stemcode is al gestemd."]}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"choices": [1], "code": "AAAA-BBBB-CCCC"}, "code", "Deze stemcode kennen we niet."),
        ({"choices": [1]}, "code", "Vul de stemcode uit je brief in."),
        ({"choices": []}, "choices", None),
        ({"choices": ["een"], "code": "x"}, "choices", None),
    ],
)
def test_a_bad_vote_is_a_400_with_field_messages(client, body, field, message):
    project = ProjectFactory()
    codes_issue(project, 1)
    if body["choices"] == [1]:
        body["choices"] = [options_of(project)[0].pk]

    response = client.post(
        f"{BASE}/{project.slug}/vote/", body, content_type="application/json", **NL
    )

    assert response.status_code == 400
    assert field in field_errors(response)
    if message:
        assert message in field_errors(response)[field][0]
    assert ballots_of(project) == []


def test_a_single_choice_vote_takes_exactly_one_and_approval_several(client):
    single = ProjectFactory()
    approval = ProjectFactory(method="approval", options=3)
    both = [o.pk for o in options_of(single)]
    some = [o.pk for o in options_of(approval)][:2]

    refused = post_vote(client, single, both, code=codes_issue(single)[0])
    accepted = post_vote(client, approval, some, code=codes_issue(approval)[0])

    assert refused.status_code == 400
    assert field_errors(refused) == {"choices": ["Kies precies één ontwerp."]}
    assert accepted.status_code == 201
    assert [b.choices for b in ballots_of(approval)] == [sorted(some)]


def test_wrong_codes_are_limited_per_client(client, settings):
    settings.VOTING_CODE_RATE = "2/h"
    project = ProjectFactory()
    option = options_of(project)[0].pk
    code = codes_issue(project, 1)[0]

    for wrong in ("AAAA-AAAA-AAA2", "AAAA-AAAA-AAA3"):
        assert post_vote(client, project, [option], code=wrong).status_code == 400
    limited = post_vote(client, project, [option], code=code)

    assert limited.status_code == 429
    assert "Te veel verkeerde codes" in problem(limited)["detail"]
    assert int(limited["Retry-After"]) > 0
    assert ballots_of(project) == []


def test_residents_vote_with_their_token_and_others_are_told_why_not(client):
    hood = neighbourhood(index=0)
    elsewhere = neighbourhood(index=5)
    project = ProjectFactory(eligibility="residents", hood=hood)
    option = options_of(project)[0].pk

    anonymous = post_vote(client, project, [option])
    outsider = post_vote(client, project, [option], token=token_for(resident_of(elsewhere)))
    voter = token_for(resident_of(hood))
    cast = post_vote(client, project, [option], token=voter)
    again = post_vote(client, project, [option], token=voter)

    assert anonymous.status_code == 403
    assert problem(anonymous)["detail"] == "Log in om te stemmen."
    assert outsider.status_code == 403
    assert problem(outsider)["detail"] == (
        f"Alleen bewoners van {hood.name} mogen stemmen; jouw woonbuurt is {elsewhere.name}."
    )
    assert cast.status_code == 201
    assert again.status_code == 409
    assert field_errors(again) == {"non_field_errors": ["Je hebt al gestemd."]}
    assert len(ballots_of(project)) == 1


def test_a_vote_may_be_changed_where_the_project_allows_it(client):
    hood = neighbourhood(index=0)
    project = ProjectFactory(eligibility="residents", hood=hood, allow_vote_change=True)
    first, second = options_of(project)
    voter = token_for(resident_of(hood))

    cast = post_vote(client, project, [first.pk], token=voter)
    changed = post_vote(client, project, [second.pk], token=voter)

    assert (cast.status_code, changed.status_code) == (201, 200)
    assert changed.json()["changed"] is True
    assert [b.choices for b in ballots_of(project)] == [[second.pk]]
    check = f"{BASE}/{project.slug}/receipt/"
    old = client.post(check, {"receipt": cast.json()["receipt"]}, content_type="application/json")
    new = client.post(
        check, {"receipt": changed.json()["receipt"]}, content_type="application/json"
    )
    assert old.status_code == 404
    assert new.status_code == 200
    assert new.json() == {
        "counted": True,
        "choices": [{"id": second.pk, "title": "Ontwerp B"}],
        "version": 1,
    }


@pytest.mark.parametrize(
    ("phase", "message"),
    [("consultation", "Het stemmen is nog niet begonnen."), ("closed", "Het stemmen is gesloten.")],
)
def test_outside_the_voting_dates_a_vote_is_refused(client, phase, message):
    project = ProjectFactory(phase=phase)

    response = post_vote(client, project, [options_of(project)[0].pk], code="AAAA-BBBB-CCCC")

    assert response.status_code == 400
    assert field_errors(response) == {"non_field_errors": [message]}
    assert post_vote(client, ProjectFactory(phase="draft"), [1]).status_code == 404
