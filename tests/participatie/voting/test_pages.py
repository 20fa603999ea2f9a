"""The residents' redesign pages (/herinrichting/): the list, a project's page with who may
vote and the designs as a list, the vote with a code or as a resident and every message it
can give, the receipt check, the result, comments, and the map layer and area section.
Plain forms through the Django test client; the Dutch the residents read."""

from __future__ import annotations

import hashlib
import json
import math
import re

import pytest
from django.contrib.gis.geos import GeometryCollection, LineString, Point
from django.core.cache import caches
from django.core.files.base import ContentFile
from PIL import Image

from maps.models import Area, PlannedWork
from participatie.voting import services
from participatie.voting.models import Ballot, OptionImage, Participation, ProjectComment
from tests.participatie.accounts.otp import login_staff
from tests.participatie.factories import DesignerFactory, UserFactory
from tests.participatie.voting.factories import (
    ProjectFactory,
    codes_issue,
    neighbourhood,
    options_of,
    resident_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_earlier_wrong_codes():
    """An empty cache for every test (wrong codes count in PostgreSQL, rolled back with
    each test's transaction)."""
    caches["default"].clear()


def html_of(response) -> str:
    return response.content.decode()


def page(client, project) -> str:
    response = client.get(f"/herinrichting/{project.slug}/")
    assert response.status_code == 200
    return html_of(response)


def vote(client, project, choices, code=None, **extra):
    data = {"choices": [str(pk) for pk in choices]}
    if code is not None:
        data["code"] = code
    return client.post(f"/herinrichting/{project.slug}/stemmen/", data, **extra)


def receipt_in(html: str) -> str:
    match = re.search(r'<strong class="receipt__code">([A-Z0-9-]+)</strong>', html)
    assert match, "no receipt on the page"
    return match.group(1)


def ballots_of(project) -> list[Ballot]:
    return list(Ballot.objects.filter(project=project))


def two_districts() -> tuple[Area, Area]:
    """Two neighbourhoods in different districts."""
    first = neighbourhood(index=0)
    other = Area.objects.neighbourhoods().exclude(parent=first.parent).order_by("code").first()
    return first, other


def png(width=40, height=20) -> ContentFile:
    image = Image.new("RGB", (width, height), (120, 180, 120))
    from io import BytesIO

    buffer = BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="ontwerp.png")


# --- the list -------------------------------------------------------------------------


def list_items(html: str) -> dict[str, str]:
    """Each project item of the list, by its title."""
    items = re.findall(r'<li class="redesign-item">(.*?)</li>', html, re.S)
    return {re.search(r'<a href="[^"]+">([^<]+)</a>', item).group(1): item for item in items}


def test_the_list_shows_published_projects_with_their_phase_and_never_a_draft(client):
    ProjectFactory(phase="voting", title="Herinrichting Stemstraat")
    ProjectFactory(phase="consultation", title="Herinrichting Inspraakplein")
    ProjectFactory(phase="result", title="Herinrichting Uitslaglaan")
    ProjectFactory(phase="draft", title="Herinrichting Geheimweg")

    items = list_items(html_of(client.get("/herinrichting/")))

    assert set(items) == {
        "Herinrichting Stemstraat",
        "Herinrichting Inspraakplein",
        "Herinrichting Uitslaglaan",
    }
    assert "phase--voting" in items["Herinrichting Stemstraat"]
    assert "Stem nu" in items["Herinrichting Stemstraat"]
    assert "Inspraak" in items["Herinrichting Inspraakplein"]
    assert "Uitslag gepubliceerd" in items["Herinrichting Uitslaglaan"]


def test_the_list_filters_by_neighbourhood_and_district(client):
    here, there = two_districts()
    ProjectFactory(hood=here, title="Herinrichting Hierstraat")
    ProjectFactory(hood=there, title="Herinrichting Daarstraat")

    by_hood = list_items(html_of(client.get(f"/herinrichting/?area={here.code}")))
    by_district = list_items(html_of(client.get(f"/herinrichting/?area={there.parent.code}")))
    unknown = client.get("/herinrichting/?area=BU99999999")

    assert set(by_hood) == {"Herinrichting Hierstraat"}
    assert set(by_district) == {"Herinrichting Daarstraat"}
    assert set(list_items(html_of(unknown))) == {
        "Herinrichting Hierstraat",
        "Herinrichting Daarstraat",
    }
    assert "Dat gebied kennen we niet" in html_of(unknown)


def test_a_project_whose_voters_live_in_a_neighbourhood_is_listed_there_too(client):
    here, there = two_districts()
    # The street lies in `here`; the residents of `there` vote on it as well.
    ProjectFactory(hood=here, eligible_areas=[here, there], title="Herinrichting Grensstraat")

    assert set(list_items(html_of(client.get(f"/herinrichting/?area={there.code}")))) == {
        "Herinrichting Grensstraat"
    }


# --- the project page -------------------------------------------------------------------


def test_the_page_says_a_code_vote_is_one_binding_vote_per_household(client):
    html = page(client, ProjectFactory(eligibility="codes"))

    assert "Eén stem per huishouden" in html
    assert "Dit is een bindende stemming." in html
    assert 'name="code"' in html


def test_the_page_says_a_residents_vote_rests_on_a_self_declared_home_and_is_not_binding(client):
    html = page(client, ProjectFactory(eligibility="residents"))

    assert "woonbuurt die ze zelf hebben opgegeven" in html
    assert "meer dan eens kunnen stemmen" in html
    assert "niet bindend" in html
    assert 'name="code"' not in html


def test_each_design_is_also_a_list_with_its_features_images_and_drawing(client, media_root):
    project = ProjectFactory()
    first, second = options_of(project)
    (x0, y0), _ = project.geom.coords
    # Three trees and a path running 0.0009° due north: 0.0009 × 111.2 km ≈ 100 m.
    path = LineString((x0, y0), (x0, y0 + 0.0009), srid=4326)
    first.features = GeometryCollection(
        Point(x0, y0, srid=4326),
        Point(x0 + 0.0001, y0, srid=4326),
        Point(x0 + 0.0002, y0, srid=4326),
        path,
        srid=4326,
    )
    first.feature_kinds = ["tree", "tree", "tree", "path"]
    corners = [[x0, y0 + 0.0001], [x0 + 0.0006, y0 + 0.0001], [x0, y0], [x0 + 0.0006, y0]]
    first.overlay.save("tekening.png", png(), save=False)
    first.overlay_corners = corners
    first.save()
    OptionImage.objects.create(option=second, image=png(), alt="Schets van het nieuwe plein")

    html = page(client, project)

    assert "Ontwerp A: Ontwerp A" in html and "Ontwerp B: Ontwerp B" in html
    assert "3 bomen" in html
    metres = int(re.search(r"1 pad, samen (\d+) m lang", html).group(1))
    expected = math.radians(0.0009) * 6_371_000  # along a meridian
    assert abs(metres - expected) <= 0.02 * expected
    assert 'alt="Schets van het nieuwe plein"' in html
    assert "De tekening van ontwerp A (afbeelding)" in html
    config = json.loads(
        re.search(
            r'<script id="redesign-map-config" type="application/json">(.*?)</script>', html
        ).group(1)
    )
    shown = {option["title"]: option for option in config["options"]}
    assert shown["Ontwerp A"]["overlay"]["corners"] == corners
    assert shown["Ontwerp B"]["overlay"] is None
    kinds = [f["properties"]["kind"] for f in shown["Ontwerp A"]["features"]["features"]]
    assert kinds == ["tree", "tree", "tree", "path"]
    assert config["street"]["geometry"]["coordinates"] == [list(c) for c in project.geom.coords]


def test_a_correction_during_the_vote_is_shown_with_its_note(client):
    project = ProjectFactory()
    option = options_of(project)[0]
    services.options_correct(
        by=DesignerFactory(),
        project=project,
        note="De bomen staan nu aan de zonkant.",
        changes=[{"option": option, "title": "Groen", "description": "Bomen aan de zonkant."}],
    )

    html = page(client, project)

    assert "De ontwerpen zijn gecorrigeerd (versie 2)." in html
    assert "De bomen staan nu aan de zonkant." in html
    assert "Ontwerp A: Groen" in html


def test_a_draft_is_hidden_from_residents_and_a_preview_for_designers(client):
    project = ProjectFactory(phase="draft")

    assert client.get(f"/herinrichting/{project.slug}/").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/herinrichting/{project.slug}/").status_code == 404
    login_staff(client, DesignerFactory())
    html = page(client, project)
    assert "Voorbeeld: dit project is niet gepubliceerd." in html


# --- voting with a code -------------------------------------------------------------


def test_a_household_votes_with_its_code_without_an_account_and_gets_a_receipt(client):
    project = ProjectFactory()
    first, second = options_of(project)
    code = codes_issue(project, 2)[0]

    # Typed as people do: lower case, without the dashes.
    response = vote(client, project, [second.pk], code=code.lower().replace("-", " "))

    html = html_of(response)
    assert response.status_code == 200
    assert "Je stem is ontvangen" in html
    assert "Ontwerp B" in re.search(r'<ul class="vote-received__choices">(.*?)</ul>', html).group(1)
    receipt = receipt_in(html)
    (ballot,) = ballots_of(project)
    assert ballot.choices == [second.pk]
    assert ballot.receipt_hash == hashlib.sha256(receipt.replace("-", "").encode()).hexdigest()
    assert response["Cache-Control"] == "private, no-store"
    # The receipt is in the answer only: not in the session (which names an account).
    assert receipt.replace("-", "") not in json.dumps(dict(client.session)).replace("-", "")


def test_a_used_code_is_refused_and_counts_once(client):
    project = ProjectFactory()
    first, second = options_of(project)
    code = codes_issue(project, 1)[0]
    assert vote(client, project, [first.pk], code=code).status_code == 200

    again = vote(client, project, [second.pk], code=code)

    assert again.status_code == 409
    assert "Met deze stemcode is al gestemd." in html_of(again)
    assert [b.choices for b in ballots_of(project)] == [[first.pk]]


def test_an_unknown_code_is_refused_with_a_clear_message(client):
    project = ProjectFactory()
    codes_issue(project, 1)

    response = vote(client, project, [options_of(project)[0].pk], code="AAAA-BBBB-CCCC")

    assert response.status_code == 400
    assert "Deze stemcode kennen we niet. Vergelijk hem met je brief." in html_of(response)
    assert ballots_of(project) == []


def test_a_vote_without_a_choice_or_code_says_what_is_missing(client):
    project = ProjectFactory()

    response = client.post(f"/herinrichting/{project.slug}/stemmen/", {})

    html = html_of(response)
    assert response.status_code == 400
    assert "Je stem is niet meegeteld" in html
    assert "Kies een van de ontwerpen." in html
    assert "Vul de stemcode uit je brief in." in html


def test_wrong_codes_are_limited_per_client_and_right_codes_never_count(client, settings):
    settings.VOTING_CODE_RATE = "3/h"
    project = ProjectFactory()
    option = options_of(project)[0]
    first, second, third = codes_issue(project, 3)

    assert vote(client, project, [option.pk], code="AAAA-AAAA-AAA2").status_code == 400
    assert vote(client, project, [option.pk], code="AAAA-AAAA-AAA3").status_code == 400
    assert vote(client, project, [option.pk], code=first).status_code == 200
    assert vote(client, project, [option.pk], code="AAAA-AAAA-AAA4").status_code == 400
    limited = vote(client, project, [option.pk], code=second)
    elsewhere = vote(client, project, [option.pk], code=third, REMOTE_ADDR="192.0.2.7")

    assert limited.status_code == 429
    assert "Te veel verkeerde codes vanaf deze verbinding." in html_of(limited)
    assert int(limited["Retry-After"]) > 0
    assert elsewhere.status_code == 200
    assert len(ballots_of(project)) == 2


# --- voting as a resident ---------------------------------------------------------------


def test_an_eligible_resident_votes_once_and_is_told_so_afterwards(client):
    hood = neighbourhood(index=0)
    project = ProjectFactory(eligibility="residents", hood=hood)
    first, second = options_of(project)
    client.force_login(resident_of(hood))
    assert 'type="radio" name="choices"' in page(client, project)

    response = vote(client, project, [first.pk])
    again = vote(client, project, [second.pk])

    assert response.status_code == 200
    assert "Je stem is ontvangen" in html_of(response)
    assert again.status_code == 409
    assert "Je hebt al gestemd." in html_of(again)
    html = page(client, project)
    assert "Je hebt gestemd. In dit project kun je je stem niet wijzigen." in html
    assert 'name="choices"' not in html
    assert [b.choices for b in ballots_of(project)] == [[first.pk]]
    assert ballots_of(project)[0].neighbourhood_id == hood.pk


def test_a_resident_of_another_neighbourhood_is_told_why_not(client):
    here, there = two_districts()
    project = ProjectFactory(eligibility="residents", hood=here)
    client.force_login(resident_of(there))
    reason = f"Alleen bewoners van {here.name} mogen stemmen; jouw woonbuurt is {there.name}."

    html = page(client, project)
    response = vote(client, project, [options_of(project)[0].pk])

    assert "Je kunt in dit project niet stemmen." in html
    assert reason in html
    assert 'name="choices"' not in html
    assert response.status_code == 403
    assert reason in html_of(response)
    assert ballots_of(project) == []


def test_before_voting_opens_a_resident_is_told_whether_they_will_be_able_to_vote(client):
    here, there = two_districts()
    project = ProjectFactory(eligibility="residents", hood=here, phase="consultation")
    client.force_login(resident_of(there))
    outsider = page(client, project)
    client.force_login(resident_of(here))
    insider = page(client, project)

    assert "Je zult in dit project niet kunnen stemmen." in outsider
    assert f"Alleen bewoners van {here.name} mogen stemmen" in outsider
    assert "Je zult in dit project niet kunnen stemmen." not in insider
    assert "Het stemmen is nog niet begonnen." in insider


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("no home", "Vul op je accountpagina je woonbuurt in om te stemmen."),
        ("unconfirmed", "Bevestig eerst je e-mailadres: daarna kun je stemmen."),
    ],
)
def test_a_resident_without_a_home_or_a_confirmed_address_is_told_what_to_do(client, who, message):
    hood = neighbourhood(index=0)
    project = ProjectFactory(eligibility="residents", hood=hood)
    user = resident_of(None) if who == "no home" else resident_of(hood, verified=False)
    client.force_login(user)

    assert message in page(client, project)
    response = vote(client, project, [options_of(project)[0].pk])
    assert response.status_code == 403
    assert message in html_of(response)


def test_a_visitor_is_asked_to_log_in_for_a_residents_vote(client):
    project = ProjectFactory(eligibility="residents")

    html = page(client, project)
    response = vote(client, project, [options_of(project)[0].pk])

    assert "Log in om te stemmen: bewoners van het gebied stemmen met hun account." in html
    assert f'href="/account/inloggen/?next=/herinrichting/{project.slug}/%23vote"' in html
    assert response.status_code == 403
    assert "Log in om te stemmen." in html_of(response)


def test_approval_voting_takes_several_designs_on_one_ballot(client):
    project = ProjectFactory(method="approval", options=3)
    first, _second, third = options_of(project)
    code = codes_issue(project, 1)[0]
    assert page(client, project).count('type="checkbox" name="choices"') == 3

    response = vote(client, project, [first.pk, third.pk], code=code)

    assert response.status_code == 200
    assert "Je koos deze ontwerpen:" in html_of(response)
    assert [b.choices for b in ballots_of(project)] == [sorted([first.pk, third.pk])]


def test_a_changed_vote_replaces_the_earlier_one_and_its_receipt(client):
    hood = neighbourhood(index=0)
    project = ProjectFactory(eligibility="residents", hood=hood, allow_vote_change=True)
    first, second = options_of(project)
    client.force_login(resident_of(hood))
    old_receipt = receipt_in(html_of(vote(client, project, [first.pk])))
    assert "Je mag opnieuw stemmen tot het stemmen sluit" in page(client, project)

    response = vote(client, project, [second.pk])

    assert response.status_code == 200
    assert "Je stem is gewijzigd" in html_of(response)
    new_receipt = receipt_in(html_of(response))
    assert [b.choices for b in ballots_of(project)] == [[second.pk]]
    check = f"/herinrichting/{project.slug}/bon/"
    assert client.post(check, {"receipt": old_receipt}).status_code == 400
    assert "Ontwerp B" in html_of(client.post(check, {"receipt": new_receipt}))


@pytest.mark.parametrize(
    ("phase", "on_page", "refusal"),
    [
        ("consultation", "Het stemmen is nog niet begonnen. Het begint op", "nog niet begonnen"),
        ("closed", "De uitslag wordt binnenkort gepubliceerd.", "Het stemmen is gesloten."),
    ],
)
def test_outside_the_voting_dates_there_is_no_vote_and_a_post_is_refused(
    client, phase, on_page, refusal
):
    project = ProjectFactory(phase=phase)
    code = codes_issue(project, 1)[0] if phase != "closed" else "AAAA-BBBB-CCCC"

    html = page(client, project)
    response = vote(client, project, [options_of(project)[0].pk], code=code)

    assert on_page in html
    assert 'name="choices"' not in html
    assert response.status_code == 400
    assert refusal in html_of(response)
    assert ballots_of(project) == []


# --- receipts and the result ------------------------------------------------------------


def test_a_receipt_shows_the_ballot_is_counted_and_a_wrong_one_is_not_found(client):
    project = ProjectFactory()
    first, second = options_of(project)
    receipt = receipt_in(html_of(vote(client, project, [second.pk], code=codes_issue(project)[0])))
    check = f"/herinrichting/{project.slug}/bon/"

    found = client.post(check, {"receipt": receipt.lower()})
    missing = client.post(check, {"receipt": "ZZZZ-ZZZZ-ZZZZ"})

    assert client.get(check).status_code == 200
    assert found.status_code == 200
    html = html_of(found)
    assert "Je stembiljet is meegeteld." in html
    chosen = re.search(r'<ul class="vote-received__choices">(.*?)</ul>', html).group(1)
    assert "Ontwerp B" in chosen and "Ontwerp A" not in chosen
    assert missing.status_code == 400
    assert "Geen stembiljet heeft dit stembewijs." in html_of(missing)


def test_the_result_is_shown_once_published_with_shares_turnout_and_neighbourhoods(client):
    hood = neighbourhood(index=0)
    project = ProjectFactory(hood=hood)
    first, second = options_of(project)
    codes = codes_issue(project, 6, hood=hood)
    for code, option in zip(codes, [second, first, second, first, second], strict=False):
        assert vote(client, project, [option.pk], code=code).status_code == 200
    designer = DesignerFactory()
    services.voting_close(by=designer, project=project)
    project.refresh_from_db()

    closed = page(client, project)
    services.result_publish(by=designer, project=project)
    published = page(client, project)

    assert 'id="result"' not in closed
    assert "De uitslag wordt binnenkort gepubliceerd." in closed
    result = published[published.index('id="result"') :]
    # 5 ballots of 6 issued codes; A 2 of 5, B 3 of 5, all five from one neighbourhood.
    assert "Er zijn 5 stembiljetten uitgebracht." in result
    assert "Opkomst: 83,3% van 6 stemgerechtigden." in result
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>(\d+)</td>', result)
    assert rows[:2] == [("Ontwerp A", "2"), ("Ontwerp B", "3")]
    assert "40,0%" in result and "60,0%" in result
    assert re.search(rf'<th scope="row">{hood.name}</th><td>5</td><td>2</td><td>3</td>', result)
    # The map opens on the design with the most votes, and its card says so.
    assert re.search(rf'value="{second.pk}" checked>', published)
    assert not re.search(rf'value="{first.pk}" checked>', published)
    card = re.search(rf'<h3 id="design-title-{second.pk}">(.*?)</h3>', published).group(1)
    assert "Meeste stemmen" in card
    other = re.search(rf'<h3 id="design-title-{first.pk}">(.*?)</h3>', published).group(1)
    assert "Meeste stemmen" not in other


# --- comments during the consultation ---------------------------------------------------


def test_residents_comment_during_the_consultation_and_hidden_comments_stay_hidden(client):
    project = ProjectFactory(phase="consultation")
    author = UserFactory(display_name="Buurvrouw Els")
    ProjectComment.objects.create(project=project, author=author, body="Verborgen", is_hidden=True)
    client.force_login(author)

    response = client.post(
        f"/herinrichting/{project.slug}/reageren/", {"body": "Graag meer bankjes."}
    )

    comment = ProjectComment.objects.get(body="Graag meer bankjes.")
    assert response.status_code == 302
    assert response["Location"] == f"/herinrichting/{project.slug}/#comment-{comment.pk}"
    html = page(client, project)
    assert "Graag meer bankjes." in html and "Buurvrouw Els" in html
    assert "Verborgen" not in html


def test_comments_are_closed_once_voting_opens_and_need_an_account(client):
    project = ProjectFactory(phase="voting")
    url = f"/herinrichting/{project.slug}/reageren/"

    anonymous = client.post(url, {"body": "Hallo"})
    client.force_login(UserFactory())
    refused = client.post(url, {"body": "Hallo"})

    assert anonymous.status_code == 302 and "/account/inloggen/" in anonymous["Location"]
    assert refused.status_code == 400
    assert "Reageren kan tijdens de inspraak, voordat het stemmen begint." in html_of(refused)
    assert not ProjectComment.objects.filter(project=project).exists()


# --- the map layer and the area pages ---------------------------------------------------


def map_config(client) -> dict:
    html = html_of(client.get("/"))
    raw = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', html)
    return json.loads(raw.group(1))


def test_the_map_has_a_redesign_layer_and_planned_works_know_their_vote(client):
    works = list(PlannedWork.objects.order_by("pk")[:2])
    voting = ProjectFactory(planned_work=works[0], title="Herinrichting na de renovatie")
    ProjectFactory(phase="draft", planned_work=works[1])

    html = html_of(client.get("/"))
    config = map_config(client)["redesigns"]

    assert 'value="redesigns"' in html
    assert config["list"] == "/api/v1/public/redesigns/"
    assert config["pageUrl"].replace("__slug__", voting.slug) == f"/herinrichting/{voting.slug}/"
    assert config["works"] == {
        str(works[0].pk): {
            "title": "Herinrichting na de renovatie",
            "phase": "voting",
            "url": f"/herinrichting/{voting.slug}/",
            "opens": voting.voting_opens_at.isoformat(),
            "closes": voting.voting_closes_at.isoformat(),
        }
    }


def test_the_area_page_lists_the_redesigns_of_the_area(client):
    here, there = two_districts()
    ProjectFactory(hood=here, title="Herinrichting Hierstraat")

    on_here = html_of(client.get(f"/gebieden/{here.code}/"))
    on_district = html_of(client.get(f"/gebieden/{here.parent.code}/"))
    on_there = html_of(client.get(f"/gebieden/{there.code}/"))

    assert "Herinrichting Hierstraat" in on_here
    assert "Herinrichting Hierstraat" in on_district
    assert "Herinrichting Hierstraat" not in on_there
    assert f"Op dit moment geen herinrichtingen in {there.name}." in on_there


def test_no_page_tells_who_voted_for_what(client):
    hood = neighbourhood(index=0)
    project = ProjectFactory(eligibility="residents", hood=hood)
    first, _second = options_of(project)
    voter = resident_of(hood, display_name="Stemmer Sanne")
    client.force_login(voter)
    vote(client, project, [first.pk])
    services.voting_close(by=DesignerFactory(), project=project)
    project.refresh_from_db()
    services.result_publish(by=DesignerFactory(), project=project)

    client.force_login(UserFactory())
    html = page(client, project)

    assert Participation.objects.filter(project=project).count() == 1
    assert "Stemmer Sanne" not in html and voter.email not in html
