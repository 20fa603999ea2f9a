"""The designers' pages (/ontwerpen/) through the Django test client: who may use them, the
project and option forms with their error messages, publishing, options fixed while voting
and corrected as a new version, voting codes as a CSV for letters, closing early and the
result with its CSV. Expected answers come from raw coordinates, the rows the tests write
and the ballots they cast, never from the pages' own helpers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from html import unescape

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from maps.models import Area
from participatie.voting import services
from participatie.voting.models import (
    Ballot,
    DesignOption,
    OptionImage,
    Participation,
    RedesignProject,
    VotingCode,
)
from tests.participatie.accounts.otp import login_staff
from tests.participatie.factories import (
    AdminFactory,
    DesignerFactory,
    StaffFactory,
    UserFactory,
    image_bytes,
)
from tests.participatie.voting.factories import (
    OptionFactory,
    ProjectFactory,
    neighbourhood,
    options_of,
    street_in,
)

pytestmark = pytest.mark.django_db

Phase = RedesignProject.Phase
LIST = "/ontwerpen/"
NEW = "/ontwerpen/nieuw/"


@pytest.fixture
def designer():
    return DesignerFactory()


@pytest.fixture
def client_en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def as_designer(client_en, designer):
    return login_staff(client_en, designer)


def text_of(response) -> str:
    """The page's visible words, roughly: tags removed, entities decoded, spaces folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def local_input(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def project_post(hood: Area, **overrides) -> dict:
    """What the project form posts for a street through `hood`, voting in 7–14 days."""
    now = timezone.now()
    street = street_in(hood)
    data = {
        "title": "Nieuwe inrichting Teststraat",
        "description": "Na de rioolvervanging richten we de straat opnieuw in.",
        "geom": json.dumps({"type": "LineString", "coordinates": [list(c) for c in street]}),
        "planned_work": "",
        "eligible_areas": [hood.code],
        "eligible_shape": "",
        "voting_opens_at": local_input(now + dt.timedelta(days=7)),
        "voting_closes_at": local_input(now + dt.timedelta(days=14)),
        "method": "single",
        "eligibility": "codes",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def feature_collection(*features) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": geometry, "properties": {"kind": kind}}
                for kind, geometry in features
            ],
        }
    )


def point_json(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def png(size=(400, 200)) -> SimpleUploadedFile:
    return SimpleUploadedFile("ontwerp.png", image_bytes("PNG", size=size), "image/png")


def draft_of(designer, hood=None, options=2) -> RedesignProject:
    kwargs = {"hood": hood} if hood is not None else {}
    return ProjectFactory(phase="draft", created_by=designer, options=options, **kwargs)


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff"), "a BOM, so that Excel reads the accents"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# --- who may use the pages ----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


@pytest.mark.parametrize("who", ["resident", "wijkteam"])
def test_residents_and_the_partners_teams_are_refused_with_a_reason(client_en, who):
    project = ProjectFactory(phase="draft")
    if who == "resident":
        client_en.force_login(UserFactory())
    else:
        login_staff(client_en, StaffFactory())
    for url in (LIST, NEW, f"/ontwerpen/{project.pk}/", f"/ontwerpen/{project.pk}/stemcodes/"):
        response = client_en.get(url)
        assert response.status_code == 403, url
        assert "This page is for designers" in text_of(response)
    response = client_en.post(f"/ontwerpen/{project.pk}/publiceren/")
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.published_at is None


def test_a_designer_sees_their_own_projects_with_phase_options_and_ballots(as_designer, designer):
    mine = ProjectFactory(phase="voting", created_by=designer, options=3)
    theirs = ProjectFactory(phase="voting", options=2)
    (code,) = [c for _a, c in services.codes_generate(project=mine, by=designer, addresses=["A 1"])]
    services.vote_cast(project=mine, option_ids=[options_of(mine)[0].pk], code=code)

    response = as_designer.get(LIST)
    assert response.status_code == 200
    page = text_of(response)
    row = re.search(re.escape(mine.title) + r" (.*?) (\d+) (\d+)(?: |$)", page)
    assert row, page
    assert "Voting" in row.group(1)
    assert (row.group(2), row.group(3)) == ("3", "1")
    assert theirs.title not in page
    assert as_designer.get(f"/ontwerpen/{theirs.pk}/").status_code == 404


def test_the_header_links_designers_to_their_pages(as_designer, client):
    assert 'href="/ontwerpen/"' in as_designer.get("/").content.decode()
    client.force_login(UserFactory())
    assert 'href="/ontwerpen/"' not in client.get("/").content.decode()


def test_a_programme_administrator_manages_every_project(client_en):
    project = ProjectFactory(phase="draft")
    login_staff(client_en, AdminFactory())
    assert client_en.get(f"/ontwerpen/{project.pk}/").status_code == 200
    assert project.title in text_of(client_en.get(LIST))


# --- the project form -----------------------------------------------------------------------


def test_a_designer_creates_a_draft_project_with_a_street_drawn_as_geojson(as_designer, designer):
    hood, other = neighbourhood(index=0), neighbourhood(index=1)
    work_id = _planned_work_in_municipality()
    data = project_post(hood, eligible_areas=[hood.code, other.code], planned_work=str(work_id))
    data.update(method="approval", allow_vote_change="on")
    response = as_designer.post(NEW, data)
    assert response.status_code == 302
    project = RedesignProject.objects.get(title=data["title"])
    assert response["Location"] == f"/ontwerpen/{project.pk}/"
    assert project.created_by == designer
    assert project.phase == Phase.DRAFT and project.published_at is None
    assert project.geom.equals_exact(GEOSGeometry(data["geom"], srid=4326), tolerance=1e-9)
    assert set(project.eligible_areas.values_list("code", flat=True)) == {hood.code, other.code}
    assert project.method == "approval" and project.eligibility == "codes"
    assert project.allow_vote_change is True
    assert project.planned_work_id == work_id
    assert (
        timezone.localtime(project.voting_opens_at).strftime("%Y-%m-%dT%H:%M")
        == (data["voting_opens_at"])
    )
    page = text_of(as_designer.get(response["Location"]))
    assert "Draft" in page and "No options yet." in page


def _planned_work_in_municipality() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.id FROM maps_plannedwork w JOIN maps_area m ON m.level = 'municipality' "
            "WHERE ST_Intersects(w.geom, m.geom) AND w.status <> 'cancelled' "
            "ORDER BY w.start_date, w.id LIMIT 1"
        )
        (work_id,) = cursor.fetchone()
    return work_id


def test_the_planned_work_choice_lists_works_in_the_municipality_by_start_date(as_designer):
    html = as_designer.get(NEW).content.decode()
    select = re.search(r'<select name="planned_work".*?</select>', html, flags=re.S).group(0)
    shown = [int(pk) for pk in re.findall(r'<option value="(\d+)"', select)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.id FROM maps_plannedwork w JOIN maps_area m ON m.level = 'municipality' "
            "AND m.code = %s WHERE ST_Intersects(w.geom, m.geom) AND w.status <> 'cancelled' "
            "ORDER BY w.start_date, w.name",
            ["GM0106"],
        )
        expected = [row[0] for row in cursor.fetchall()]
    assert expected, "the demo content has planned works"
    assert shown == expected


def test_the_form_offers_every_neighbourhood_grouped_by_district(as_designer):
    html = as_designer.get(NEW).content.decode()
    offered = set(re.findall(r'name="eligible_areas" value="([^"]+)"', html))
    assert offered == set(Area.objects.neighbourhoods().values_list("code", flat=True))
    district = Area.objects.districts().order_by("name").first()
    assert f"<legend>{district.name}</legend>" in unescape(html)


@pytest.mark.parametrize(
    "change, field_message",
    [
        ({"geom": "not json"}, "This is not GeoJSON we can read."),
        ({"geom": '{"type": "LineString"}'}, "This is not GeoJSON we can read."),
        ({"geom": ""}, "Draw the street (a line) or the square (an area) on the map."),
        (
            {
                "geom": json.dumps(
                    {"type": "LineString", "coordinates": [[4.89, 52.37], [4.9, 52.37]]}
                )
            },
            "The street or square must lie inside the municipality.",
        ),
        (
            {"geom": json.dumps({"type": "Point", "coordinates": [6.56, 52.99]})},
            "Draw a line along the street or an area for the square.",
        ),
        ({"eligible_areas": []}, "Choose the neighbourhoods whose residents may vote."),
        ({"eligible_areas": ["BU99999999"]}, "Select a valid choice."),
        ({"title": ""}, "Give the project a title."),
        ({"voting_opens_at": ""}, "Give the date and time voting opens."),
    ],
)
def test_the_project_form_explains_what_is_wrong(as_designer, change, field_message):
    hood = neighbourhood(index=0)
    response = as_designer.post(NEW, project_post(hood, **change))
    assert response.status_code == 400
    page = text_of(response)
    assert "Please correct the following" in page
    assert field_message in page
    assert not RedesignProject.objects.filter(title="Nieuwe inrichting Teststraat").exists()


def test_voting_must_close_after_it_opens(as_designer):
    hood = neighbourhood(index=0)
    opens = timezone.now() + dt.timedelta(days=7)
    data = project_post(hood, voting_closes_at=local_input(opens - dt.timedelta(hours=1)))
    data["voting_opens_at"] = local_input(opens)
    response = as_designer.post(NEW, data)
    assert response.status_code == 400
    assert "Voting must close after it opens." in text_of(response)


def test_the_eligible_area_may_be_a_drawn_polygon_without_neighbourhoods(as_designer):
    hood = neighbourhood(index=0)
    spot = hood.geom.point_on_surface
    ring = [
        [spot.x - 0.002, spot.y - 0.001],
        [spot.x + 0.002, spot.y - 0.001],
        [spot.x + 0.002, spot.y + 0.001],
        [spot.x - 0.002, spot.y + 0.001],
        [spot.x - 0.002, spot.y - 0.001],
    ]
    shape = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}}
    response = as_designer.post(
        NEW, project_post(hood, eligible_areas=[], eligible_shape=json.dumps(shape))
    )
    assert response.status_code == 302
    project = RedesignProject.objects.get(title="Nieuwe inrichting Teststraat")
    assert project.eligible_areas.count() == 0
    assert project.eligible_shape.geom_type == "MultiPolygon"
    assert project.eligible_shape.num_geom == 1
    assert project.eligible_shape.contains(Point(spot.x, spot.y, srid=4326))


def test_while_voting_the_rules_are_shown_fixed_and_posted_changes_are_ignored(
    as_designer, designer
):
    hood, other = neighbourhood(index=0), neighbourhood(index=1)
    project = ProjectFactory(phase="voting", created_by=designer, hood=hood)
    url = f"/ontwerpen/{project.pk}/bewerken/"
    page = text_of(as_designer.get(url))
    assert "Voting is open: the area, the method and who may vote are fixed." in page
    assert hood.name in page and other.name not in page
    closes = project.voting_closes_at + dt.timedelta(days=2)
    data = project_post(
        hood,
        title="Nieuwe titel",
        eligible_areas=[other.code],
        method="approval",
        eligibility="residents",
        voting_opens_at=local_input(project.voting_opens_at),
        voting_closes_at=local_input(closes),
    )
    response = as_designer.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Nieuwe titel"
    assert list(project.eligible_areas.values_list("code", flat=True)) == [hood.code]
    assert (project.method, project.eligibility) == ("single", "codes")
    assert local_input(project.voting_closes_at) == local_input(closes)


def test_the_service_refuses_a_new_eligible_area_while_voting(designer):
    hood, other = neighbourhood(index=0), neighbourhood(index=1)
    project = ProjectFactory(phase="voting", created_by=designer, hood=hood)
    with pytest.raises(ValidationError) as caught:
        services.project_save(
            by=designer,
            project=project,
            title=project.title,
            description=project.description,
            geom=project.geom,
            eligible_area_codes=[hood.code, other.code],
            method=project.method,
            eligibility=project.eligibility,
            allow_vote_change=project.allow_vote_change,
            voting_opens_at=project.voting_opens_at,
            voting_closes_at=project.voting_closes_at,
        )
    assert "project" in caught.value.error_dict
    assert list(project.eligible_areas.values_list("code", flat=True)) == [hood.code]


# --- options ------------------------------------------------------------------------------


def test_an_option_with_features_near_the_street_is_saved_with_their_kinds(as_designer, designer):
    hood = neighbourhood(index=0)
    project = draft_of(designer, hood, options=0)
    x0, y0 = project.geom.coords[0]
    x1, y1 = project.geom.coords[-1]
    tree, bench = point_json(x0, y0 + 0.0001), point_json(x1, y1 - 0.0001)
    path = {"type": "LineString", "coordinates": [[x0, y0], [x1, y1]]}
    features = feature_collection(("tree", tree), ("bench", bench), ("path", path))
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/nieuw/",
        {"title": "Groen", "description": "Bomen aan beide kanten.", "features": features},
    )
    assert response.status_code == 302
    option = DesignOption.objects.get(project=project)
    assert response["Location"] == f"/ontwerpen/{project.pk}/opties/{option.pk}/"
    assert option.feature_kinds == ["tree", "bench", "path"]
    assert [g.geom_type for g in option.features] == ["Point", "Point", "LineString"]
    assert option.features[0].coords == pytest.approx((x0, y0 + 0.0001))


@pytest.mark.parametrize(
    "features, message",
    [
        ("{not json", "The design features are not valid GeoJSON."),
        (
            json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature"}]}),
            "The design features are not valid GeoJSON.",
        ),
        ("far", "The design features lie far away from the street."),
    ],
)
def test_bad_features_get_a_clear_message(as_designer, designer, features, message):
    project = draft_of(designer, options=0)
    if features == "far":
        x, y = project.geom.coords[0]
        features = feature_collection(("tree", point_json(x + 0.05, y)))  # about 3 km east
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/nieuw/",
        {"title": "Groen", "description": "Bomen.", "features": features},
    )
    assert response.status_code == 400
    assert message in text_of(response)
    assert not project.options.exists()


def test_features_may_be_uploaded_as_a_geojson_file(as_designer, designer, media_root):
    project = draft_of(designer, options=0)
    x, y = project.geom.coords[0]
    upload = SimpleUploadedFile(
        "bomen.geojson",
        feature_collection(
            ("tree", point_json(x, y)), ("tree", point_json(x, y + 0.0001))
        ).encode(),
        "application/geo+json",
    )
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/nieuw/",
        {"title": "Bomen", "description": "Twee bomen.", "features_file": upload},
    )
    assert response.status_code == 302
    assert DesignOption.objects.get(project=project).feature_kinds == ["tree", "tree"]


def test_an_uploaded_file_that_is_not_geojson_is_refused(as_designer, designer):
    project = draft_of(designer, options=0)
    upload = SimpleUploadedFile("plan.dwg", b"\x00\x01AC1027 not json", "application/octet-stream")
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/nieuw/",
        {"title": "Bomen", "description": "Twee bomen.", "features_file": upload},
    )
    assert response.status_code == 400
    assert "This file is not GeoJSON" in text_of(response)


@pytest.mark.parametrize("bad", ["not an image", "too large"])
def test_a_bad_drawing_upload_gets_a_clear_message(
    as_designer, designer, settings, bad, media_root
):
    project = draft_of(designer, options=0)
    if bad == "not an image":
        upload = SimpleUploadedFile("ontwerp.png", b"%PDF-1.4 not a picture", "image/png")
        message = "Use a JPEG, PNG or WebP image."
    else:
        settings.PIN_PHOTO_MAX_BYTES = 100  # the PNG of png() is larger
        upload = png()
        message = "too large"
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/nieuw/",
        {"title": "Schets", "description": "De schets.", "overlay": upload},
    )
    assert response.status_code == 400
    assert message in text_of(response)
    assert not project.options.exists()


def test_a_drawing_without_corners_is_laid_over_the_street_in_its_proportions(
    as_designer, designer, media_root
):
    project = draft_of(designer, options=0)
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/nieuw/",
        {"title": "Schets", "description": "De schets.", "overlay": png(size=(400, 200))},
    )
    assert response.status_code == 302
    option = DesignOption.objects.get(project=project)
    assert option.overlay.name.startswith("voting/overlays/")
    (tl, tr, bl, br) = option.overlay_corners
    # An upright rectangle: the top corners share a latitude, the left ones a longitude.
    assert tl[1] == tr[1] and bl[1] == br[1] and tl[0] == bl[0] and tr[0] == br[0]
    # It covers the street, and is twice as wide as high in metres (400 × 200 pixels).
    min_x, min_y, max_x, max_y = project.geom.extent
    slack = 1e-7  # corners are stored to 7 decimals
    assert tl[0] <= min_x + slack and tr[0] >= max_x - slack
    assert bl[1] <= min_y + slack and tl[1] >= max_y - slack
    mid_lat = (tl[1] + bl[1]) / 2
    width_m = (tr[0] - tl[0]) * 111_320 * math.cos(math.radians(mid_lat))
    height_m = (tl[1] - bl[1]) * 111_320
    assert width_m / height_m == pytest.approx(2.0, rel=0.01)


def test_drawing_corners_far_from_the_street_are_refused(as_designer, designer, media_root):
    project = draft_of(designer, options=0)
    x, y = project.geom.coords[0]
    far = [[x + 0.05, y + 0.01], [x + 0.06, y + 0.01], [x + 0.05, y], [x + 0.06, y]]
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/nieuw/",
        {
            "title": "Schets",
            "description": "De schets.",
            "overlay": png(),
            "overlay_corners": json.dumps(far),
        },
    )
    assert response.status_code == 400
    assert "The drawing must be placed on the street." in text_of(response)


def test_images_with_a_description_are_added_and_removed(as_designer, designer, media_root):
    project = draft_of(designer)
    option = options_of(project)[0]
    url = f"/ontwerpen/{project.pk}/opties/{option.pk}/afbeeldingen/"
    response = as_designer.post(url, {"image": png(), "alt": ""})
    assert response.status_code == 400
    assert "Describe the image for people who cannot see it." in text_of(response)
    response = as_designer.post(url, {"image": png(), "alt": "Dwarsprofiel met twee bomenrijen"})
    assert response.status_code == 302
    image = OptionImage.objects.get(option=option)
    assert image.alt == "Dwarsprofiel met twee bomenrijen"
    assert (media_root / image.image.name).exists()
    page = as_designer.get(f"/ontwerpen/{project.pk}/opties/{option.pk}/").content.decode()
    assert 'alt="Dwarsprofiel met twee bomenrijen"' in page
    response = as_designer.post(f"{url}{image.pk}/verwijderen/")
    assert response.status_code == 302
    assert not OptionImage.objects.filter(option=option).exists()


def test_an_option_is_removed_after_confirming(as_designer, designer):
    project = draft_of(designer, options=3)
    option = options_of(project)[1]
    url = f"/ontwerpen/{project.pk}/opties/{option.pk}/verwijderen/"
    assert option.title in text_of(as_designer.get(url))
    assert DesignOption.objects.filter(pk=option.pk).exists()
    as_designer.post(url)
    assert [o.title for o in options_of(project)] == ["Ontwerp A", "Ontwerp C"]


def test_an_option_of_another_project_is_not_found(as_designer, designer):
    project = draft_of(designer)
    other = draft_of(designer)
    option = options_of(other)[0]
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/{option.pk}/",
        {"title": "Gekaapt", "description": "x"},
    )
    assert response.status_code == 404
    option.refresh_from_db()
    assert option.title == "Ontwerp A"


# --- preview and publishing ---------------------------------------------------------------


def test_publishing_needs_two_options(as_designer, designer):
    project = draft_of(designer, options=1)
    preview = text_of(as_designer.get(f"/ontwerpen/{project.pk}/voorbeeld/"))
    assert "A project needs at least two design options" in preview
    response = as_designer.post(f"/ontwerpen/{project.pk}/publiceren/", follow=True)
    assert "A project needs at least two design options." in text_of(response)
    project.refresh_from_db()
    assert project.published_at is None

    OptionFactory(project=project, title="Ontwerp B")
    before = timezone.now()
    as_designer.post(f"/ontwerpen/{project.pk}/publiceren/")
    project.refresh_from_db()
    assert project.published_at is not None and project.published_at >= before
    assert project.phase == Phase.CONSULTATION


def test_the_preview_shows_every_option_with_its_text_images_and_features(
    as_designer, designer, media_root
):
    project = draft_of(designer, options=0)
    x, y = project.geom.coords[0]
    services.option_save(
        by=designer,
        project=project,
        title="Groene straat",
        description="Bomen aan twee kanten.",
        features=feature_collection(("tree", point_json(x, y)), ("tree", point_json(x, y))),
    )
    other = services.option_save(
        by=designer, project=project, title="Parkeerstraat", description="Meer parkeren."
    )
    services.option_image_add(by=designer, option=other, image=png(), alt="Parkeervakken")
    page = as_designer.get(f"/ontwerpen/{project.pk}/voorbeeld/")
    words = text_of(page)
    for text in ("Groene straat", "Bomen aan twee kanten.", "2 trees", "Parkeerstraat"):
        assert text in words
    assert 'alt="Parkeervakken"' in page.content.decode()
    config = json.loads(
        re.search(
            r'<script id="designer-map-config" type="application/json">(.*?)</script>',
            page.content.decode(),
            flags=re.S,
        ).group(1)
    )
    assert [o["properties"]["title"] for o in config["options"]] == [
        "Groene straat",
        "Parkeerstraat",
    ]
    assert config["street"]["coordinates"] == [list(c) for c in project.geom.coords]


# --- while voting, and corrections --------------------------------------------------------


def test_options_are_fixed_while_voting(as_designer, designer):
    project = ProjectFactory(phase="voting", created_by=designer)
    option = options_of(project)[0]
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/nieuw/", {"title": "Laat", "description": "Te laat."}
    )
    assert response.status_code == 302
    assert project.options.count() == 2
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/{option.pk}/verwijderen/", follow=True
    )
    assert "the options are fixed" in text_of(response)
    assert project.options.count() == 2
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/{option.pk}/afbeeldingen/",
        {"image": png(), "alt": "Te laat"},
    )
    assert response.status_code == 302 and not OptionImage.objects.exists()
    # The edit page of an option leads to the correction.
    response = as_designer.get(f"/ontwerpen/{project.pk}/opties/{option.pk}/")
    assert response["Location"] == f"/ontwerpen/{project.pk}/opties/{option.pk}/corrigeren/"


def test_a_correction_publishes_a_new_version_with_a_note(as_designer, designer):
    project = ProjectFactory(phase="voting", created_by=designer)
    option, untouched = options_of(project)
    url = f"/ontwerpen/{project.pk}/opties/{option.pk}/corrigeren/"
    data = {"title": "Ontwerp A", "description": "Met de juiste maten.", "version_note": ""}
    response = as_designer.post(url, data)
    assert response.status_code == 400
    assert "Say what changed: voters see it." in text_of(response)
    assert RedesignProject.objects.get(pk=project.pk).version == 1

    data["version_note"] = "De stoep is 2 m breed, niet 1,5 m."
    response = as_designer.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    option.refresh_from_db()
    untouched.refresh_from_db()
    assert (project.version, project.version_note) == (2, data["version_note"])
    assert (option.version, option.description) == (2, "Met de juiste maten.")
    assert untouched.version == 1
    assert data["version_note"] in text_of(as_designer.get(f"/ontwerpen/{project.pk}/"))


def test_after_closing_options_can_no_longer_be_corrected(as_designer, designer):
    project = ProjectFactory(phase="closed", created_by=designer)
    option = options_of(project)[0]
    response = as_designer.post(
        f"/ontwerpen/{project.pk}/opties/{option.pk}/corrigeren/",
        {"title": "Anders", "description": "Anders.", "version_note": "Achteraf"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    option.refresh_from_db()
    assert (project.version, option.title) == (1, "Ontwerp A")


# --- voting codes -------------------------------------------------------------------------


def test_codes_are_downloaded_once_as_csv_and_only_their_hashes_are_kept(as_designer, designer):
    hood = neighbourhood(index=0)
    project = ProjectFactory(phase="voting", created_by=designer, hood=hood)
    spot = hood.geom.point_on_surface
    addresses = f"Kerkstraat 1, Assen;{spot.x};{spot.y}\n\n=Kerkstraat 2, Assen\nBrink 3\n"
    response = as_designer.post(f"/ontwerpen/{project.pk}/stemcodes/", {"addresses": addresses})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    header, *rows = csv_rows(response)
    assert header == ["address", "code"]
    assert [r[0] for r in rows] == ["Kerkstraat 1, Assen", "'=Kerkstraat 2, Assen", "Brink 3"]
    codes = [r[1] for r in rows]
    assert all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", c) for c in codes)
    assert len(set(codes)) == 3

    stored = list(VotingCode.objects.filter(project=project).values_list(flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM voting_votingcode WHERE project_id = %s", [project.pk])
        raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert len(stored) == 3
    for code in codes:
        assert code not in raw and code.replace("-", "") not in raw
    assert VotingCode.objects.get(address="Kerkstraat 1, Assen").neighbourhood == hood

    # The printed codes work, once each.
    a, b = options_of(project)
    services.vote_cast(project=project, option_ids=[a.pk], code=codes[0])
    with pytest.raises(ValidationError):
        services.vote_cast(project=project, option_ids=[b.pk], code=codes[0])
    services.vote_cast(project=project, option_ids=[b.pk], code=codes[1].lower())
    assert sorted(Ballot.objects.filter(project=project).values_list("choices", flat=True)) == (
        sorted([[a.pk], [b.pk]])
    )
    # The page never shows them again.
    page = as_designer.get(f"/ontwerpen/{project.pk}/stemcodes/").content.decode()
    assert "3 codes issued so far." in unescape(page)
    assert not any(code in page for code in codes)


def test_the_codes_form_explains_wrong_lines(as_designer, designer):
    project = ProjectFactory(phase="consultation", created_by=designer)
    url = f"/ontwerpen/{project.pk}/stemcodes/"
    response = as_designer.post(url, {"addresses": "Brink 1;6.5;abc\n"})
    assert response.status_code == 400
    assert "Line 1: the position must be" in text_of(response)
    response = as_designer.post(url, {"addresses": "  \n \n"})
    assert response.status_code == 400
    assert not VotingCode.objects.filter(project=project).exists()


def test_a_residents_vote_has_no_codes(as_designer, designer):
    project = ProjectFactory(phase="consultation", created_by=designer, eligibility="residents")
    response = as_designer.post(f"/ontwerpen/{project.pk}/stemcodes/", {"addresses": "Brink 1"})
    assert response.status_code == 302
    assert not VotingCode.objects.filter(project=project).exists()


# --- closing and the result ---------------------------------------------------------------


def test_closing_early_asks_first_then_ends_voting(as_designer, designer):
    project = ProjectFactory(phase="voting", created_by=designer)
    url = f"/ontwerpen/{project.pk}/sluiten/"
    assert "Close voting now?" in text_of(as_designer.get(url))
    assert RedesignProject.objects.get(pk=project.pk).phase == Phase.VOTING
    before = timezone.now()
    response = as_designer.post(url)
    assert response["Location"] == f"/ontwerpen/{project.pk}/uitslag/"
    project.refresh_from_db()
    assert before <= project.voting_closes_at <= timezone.now()
    assert project.phase == Phase.CLOSED


def _vote_scene(designer):
    """A code vote with three options: ballots from three neighbourhoods and from letters
    without a position. Returns the project, its options and what was cast where."""
    # The second neighbourhood sorts after "Other neighbourhoods…": the pooled row must
    # still come last.
    late = Area.objects.neighbourhoods().filter(name__gt="Other").order_by("code")
    early = Area.objects.neighbourhoods().filter(name__lt="Other").order_by("code")
    hoods = [early[0], late[0], early[1]]
    project = ProjectFactory(phase="voting", created_by=designer, hood=hoods[0], options=3)
    a, b, c = options_of(project)
    cast = (
        [(hoods[0], a)] * 4
        + [(hoods[0], b)] * 2  # 6 ballots in the first neighbourhood
        + [(hoods[1], b)] * 3
        + [(hoods[1], c)] * 2  # 5 in the second
        + [(hoods[2], c)] * 2  # 2 in the third: too few to show on their own
        + [(None, a)] * 3  # 3 letters without a position
    )
    for hood, choice in cast:
        point = hood.geom.point_on_surface if hood else None
        ((_address, code),) = services.codes_generate(
            project=project, by=designer, addresses=[("Briefadres 1", point)]
        )
        services.vote_cast(project=project, option_ids=[choice.pk], code=code)
    services.codes_generate(
        project=project, by=designer, addresses=["Ongebruikt adres 1", "Ongebruikt adres 2"]
    )
    return project, (a, b, c), hoods, cast


def test_the_result_is_hidden_while_voting_and_counted_after_closing(as_designer, designer):
    project, (a, b, c), hoods, cast = _vote_scene(designer)
    url = f"/ontwerpen/{project.pk}/uitslag/"
    during = text_of(as_designer.get(url))
    assert "16 ballots so far." in during
    assert "Votes per option" not in during

    as_designer.post(f"/ontwerpen/{project.pk}/sluiten/")
    page = text_of(as_designer.get(url))
    # 16 ballots of 18 codes; A 7, B 5, C 4.
    assert "Ballots 16" in page
    assert "Eligible voters 18" in page
    assert "Turnout 88.9%" in page
    assert f"{a.title} 7 43.8%" in page
    assert f"{b.title} 5 31.2%" in page or f"{b.title} 5 31.3%" in page
    assert f"{c.title} 4 25.0%" in page
    # Per neighbourhood: the two large ones, and the rest (2 + 3 ballots) together.
    assert f"{hoods[0].name} 6 4 (66.7%) 2 (33.3%) 0 (0.0%)" in page
    assert f"{hoods[1].name} 5 0 (0.0%) 3 (60.0%) 2 (40.0%)" in page
    assert "Other neighbourhoods or unknown 5 3 (60.0%) 0 (0.0%) 2 (40.0%)" in page
    assert hoods[2].name not in page


def test_the_result_csv_counts_per_option_and_per_neighbourhood(as_designer, designer):
    project, (a, b, c), hoods, cast = _vote_scene(designer)
    csv_url = f"/ontwerpen/{project.pk}/uitslag.csv"
    assert as_designer.get(csv_url).status_code == 302  # not while voting
    as_designer.post(f"/ontwerpen/{project.pk}/sluiten/")
    response = as_designer.get(csv_url)
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0] == ["area", "option", "votes", "share (%)", "ballots"]
    assert rows[1:4] == [
        ["All ballots", a.title, "7", "43,8", "16"],
        ["All ballots", b.title, "5", "31,2" if rows[2][3] == "31,2" else "31,3", "16"],
        ["All ballots", c.title, "4", "25,0", "16"],
    ]
    first = [r for r in rows if r and r[0] == hoods[0].name]
    assert first == [
        [hoods[0].name, a.title, "4", "66,7", "6"],
        [hoods[0].name, b.title, "2", "33,3", "6"],
        [hoods[0].name, c.title, "0", "0,0", "6"],
    ]
    assert not any(r and r[0] == hoods[2].name for r in rows)
    areas = [r[0] for r in rows[4:] if len(r) == 5]
    pooled = "Other neighbourhoods or unknown"
    assert list(dict.fromkeys(areas)) == [*sorted([hoods[0].name, hoods[1].name]), pooled]
    assert ["eligible voters", "18"] in rows
    assert ["turnout (%)", "88,9"] in rows


def test_the_designer_publishes_the_result(as_designer, designer):
    project = ProjectFactory(phase="closed", created_by=designer)
    url = f"/ontwerpen/{project.pk}/uitslag/"
    assert "Publish the result" in text_of(as_designer.get(url))
    as_designer.post(f"/ontwerpen/{project.pk}/uitslag/publiceren/")
    project.refresh_from_db()
    assert project.phase == Phase.RESULT
    assert "Publish the result" not in text_of(as_designer.get(url))


def test_no_designer_page_or_export_names_a_voter_or_a_code(as_designer, designer):
    project, _options, hoods, cast = _vote_scene(designer)
    addresses = list(VotingCode.objects.filter(project=project).values_list("address", flat=True))
    assert addresses
    as_designer.post(f"/ontwerpen/{project.pk}/sluiten/")
    as_designer.post(f"/ontwerpen/{project.pk}/uitslag/publiceren/")
    pages = [
        LIST,
        f"/ontwerpen/{project.pk}/",
        f"/ontwerpen/{project.pk}/voorbeeld/",
        f"/ontwerpen/{project.pk}/uitslag/",
        f"/ontwerpen/{project.pk}/uitslag.csv",
    ]
    participations = Participation.objects.filter(project=project)
    keys = list(participations.values_list("voter_key", flat=True))
    receipts = list(Ballot.objects.filter(project=project).values_list("receipt_hash", flat=True))
    assert len(keys) == len(receipts) == len(cast)
    for url in pages:
        response = as_designer.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in ("Briefadres 1", "Ongebruikt adres 1", *keys[:3], *receipts[:3]):
            assert secret not in body, (url, secret)


def test_the_pages_speak_dutch_by_default(client, designer):
    login_staff(client, designer)
    project = draft_of(designer)
    page = text_of(client.get(f"/ontwerpen/{project.pk}/"))
    assert "Ontwerpopties" in page and "Concept" in page
    form = text_of(client.get(NEW))
    assert "Wie mag stemmen" in form


def test_the_street_must_be_drawn_again_when_it_crosses_itself(as_designer):
    hood = neighbourhood(index=0)
    spot = hood.geom.point_on_surface
    d = 0.0005
    bowtie = [
        [spot.x - d, spot.y - d],
        [spot.x + d, spot.y + d],
        [spot.x + d, spot.y - d],
        [spot.x - d, spot.y + d],
        [spot.x - d, spot.y - d],
    ]
    geom = json.dumps({"type": "Polygon", "coordinates": [bowtie]})
    response = as_designer.post(NEW, project_post(hood, geom=geom))
    assert response.status_code == 400
    assert "The shape crosses itself or is empty: draw it again." in text_of(response)
