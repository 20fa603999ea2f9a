"""A resident takes their data with them (one zip) and deletes their account.

Every expected value comes from what the test itself created: the pins, the signal, the
comments, supports and photo, and what another resident posted next to them (which must
not be in the zip).
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from participatie.accounts.models import User
from participatie.accounts.services import api_token_create
from participatie.pins import services
from participatie.pins.models import Comment, Pin, PinEvent, PinPhoto, Report, Support
from participatie.pins.services import leaving
from participatie.voting import services as voting_services
from participatie.voting.models import Ballot, Participation, ProjectComment
from tests.participatie.factories import (
    BuurtteamFactory,
    StaffFactory,
    UserFactory,
    image_bytes,
    pin_create,
    point_in,
    sensitive_category,
)
from tests.participatie.pins.test_tile_freshness import Tiles
from tests.participatie.voting.factories import ProjectFactory, neighbourhood, options_of

PASSWORD = "een-lang-wachtwoord-42"
EXPORT = "/account/mijn-gegevens.zip"
DELETE = "/account/verwijderen/"
HOOD = "BU01060000"


def english(client):
    client.headers["Accept-Language"] = "en"
    return client


def download(client, user, path: str = EXPORT):
    """The zip as a browser gets it. Django's own test client: it reads a streamed file
    response to its end and closes it as a server does."""
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return open_zip(b"".join(response.streaming_content))


def by_title(rows: dict) -> dict:
    """Tile rows by title (unique in these tests), whatever the features' ids are."""
    return {properties["title"]: properties for properties in rows.values()}


def open_zip(body: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    return archive


@pytest.fixture
def me(media_root):
    return UserFactory(password=PASSWORD, display_name="Jannie")


@pytest.fixture
def other():
    return UserFactory(display_name="Kees")


@pytest.fixture
def world(me, other):
    """Everything `me` did, and what `other` did around it."""
    spot = point_in(HOOD)
    staff = StaffFactory()
    mine = pin_create(
        me,
        title="Bankje bij de vijver",
        kind="idea",
        geom=spot,
        photos=[SimpleUploadedFile("ik-en-mijn-huis.jpg", image_bytes(), "image/jpeg")],
    )
    services.pin_set_status(pin=mine, status="planned", reason="Komt in het voorjaar.", by=staff)
    signal = pin_create(
        me,
        category=sensitive_category(),
        title="Mijn buurman is veel alleen",
        description="Hij komt de deur niet meer uit.",
        contact_consent=True,
    )
    theirs = pin_create(other, title="Kapotte lantaarnpaal", geom=spot)
    services.support_add(pin=theirs, user=me)
    services.support_add(pin=mine, user=other)
    my_comment = services.comment_create(pin=theirs, author=me, body="Hier ook last van.")
    services.comment_create(pin=theirs, author=other, body="Geheim van Kees")
    services.comment_create(pin=mine, author=other, body="Goed plan van Kees")
    return {
        "spot": spot,
        "mine": mine,
        "signal": signal,
        "theirs": theirs,
        "my_comment": my_comment,
        "staff": staff,
    }


# --- export -----------------------------------------------------------------------------


def test_the_export_holds_exactly_my_data(client, me, other, world):
    archive = download(client, me)
    photo = PinPhoto.objects.get(pin=world["mine"])

    account = json.loads(archive.read("account.json"))
    assert account["email"] == me.email
    assert account["display_name"] == "Jannie"
    assert "password" not in json.dumps(account)

    pins = json.loads(archive.read("pins.geojson"))  # valid JSON, and GeoJSON:
    assert pins["type"] == "FeatureCollection"
    by_id = {feature["id"]: feature for feature in pins["features"]}
    assert set(by_id) == {world["mine"].public_id, world["signal"].public_id}
    for feature in pins["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        stored = Pin.objects.get(public_id=feature["id"]).geom
        assert (lon, lat) == pytest.approx((stored.x, stored.y), abs=1e-9)
    mine = by_id[world["mine"].public_id]["properties"]
    assert mine["title"] == "Bankje bij de vijver"
    assert mine["status"] == "planned"
    assert mine["answer"] == "Komt in het voorjaar."
    assert [(c["from"], c["to"], c["answer"]) for c in mine["status_history"]] == [
        (None, "new", ""),
        ("new", "planned", "Komt in het voorjaar."),
    ]
    assert mine["confidential"] is False
    signal = by_id[world["signal"].public_id]["properties"]
    assert signal["confidential"] is True
    assert signal["description"] == "Hij komt de deur niet meer uit."
    assert signal["may_be_contacted"] is True

    comments = json.loads(archive.read("comments.json"))
    assert [(c["pin"], c["body"]) for c in comments] == [
        (world["theirs"].public_id, "Hier ook last van.")
    ]
    supports = json.loads(archive.read("supports.json"))
    assert [s["pin"] for s in supports] == [world["theirs"].public_id]

    # The photo as a file, byte for byte what is stored, under its pin.
    photo_names = [n for n in archive.namelist() if n.startswith("photos/")]
    assert len(photo_names) == 1
    assert photo_names[0].startswith(f"photos/{world['mine'].public_id}/")
    with default_storage.open(photo.image.name, "rb") as stored:
        assert archive.read(photo_names[0]) == stored.read()
    assert mine["photos"] == photo_names

    # Nothing of the other resident: not their comments, name, e-mail or supports.
    everything = b"".join(archive.read(n) for n in archive.namelist() if n.endswith("json"))
    for foreign in (b"Geheim van Kees", b"Goed plan van Kees", b"Kees", other.email.encode()):
        assert foreign not in everything


def test_the_export_of_another_resident_holds_none_of_mine(client, me, other, world):
    archive = download(client, other)
    pins = json.loads(archive.read("pins.geojson"))
    assert [f["id"] for f in pins["features"]] == [world["theirs"].public_id]
    supports = json.loads(archive.read("supports.json"))
    assert [s["pin"] for s in supports] == [world["mine"].public_id]
    assert not [n for n in archive.namelist() if n.startswith("photos/")]
    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"Hier ook last van." not in everything
    assert b"Mijn buurman is veel alleen" not in everything


def test_the_api_gives_the_same_export(client, me, world):
    archive = download(client, me, "/api/v1/public/me/export/")
    features = json.loads(archive.read("pins.geojson"))["features"]
    assert {f["id"] for f in features} == {world["mine"].public_id, world["signal"].public_id}


def test_an_app_downloads_the_export_with_an_api_token(api, me, world):
    token, key = api_token_create(user=me, label="Buurt-app")
    response = api.get("/api/v1/public/me/export/", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200
    archive = open_zip(response.content)
    features = json.loads(archive.read("pins.geojson"))["features"]
    assert {f["id"] for f in features} == {world["mine"].public_id, world["signal"].public_id}
    tokens = json.loads(archive.read("account.json"))["api_tokens"]
    assert [t["name"] for t in tokens] == ["Buurt-app"]
    assert key not in archive.read("account.json").decode()


def test_the_export_needs_a_signed_in_resident(client, api):
    assert client.get(EXPORT).status_code == 302
    assert api.get("/api/v1/public/me/export/").status_code == 401


def test_the_export_is_in_the_api_schema(api):
    schema = api.get("/api/schema/", params={"format": "json"}).json()
    operation = schema["paths"]["/api/v1/public/me/export/"]["get"]
    assert "application/zip" in operation["responses"]["200"]["content"]


# --- deletion ---------------------------------------------------------------------------


def test_deleting_and_keeping_the_pins_leaves_them_public_without_me(signed_in, me, world):
    mine, theirs, signal = world["mine"], world["theirs"], world["signal"]
    events_before = PinEvent.objects.filter(pin=signal).count()
    client = english(signed_in(me))
    response = client.post(DELETE, data={"pins": "keep", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/verwijderd/"

    assert not User.objects.filter(pk=me.pk).exists()
    mine.refresh_from_db()
    assert mine.author_id is None
    assert Pin.objects.public().filter(pk=mine.pk).exists()
    # The other resident's support on my pin stays; mine on theirs is gone, counted exactly.
    assert mine.support_count == Support.objects.filter(pin=mine).count() == 1
    theirs.refresh_from_db()
    assert theirs.support_count == Support.objects.filter(pin=theirs).count() == 0
    comment = Comment.objects.get(pk=world["my_comment"].pk)
    assert comment.author_id is None
    assert theirs.comment_count == Comment.objects.filter(pin=theirs).count() == 2
    # The signal keeps its handling, without the person.
    signal.refresh_from_db()
    assert (signal.author_id, signal.contact_consent) == (None, False)
    assert PinEvent.objects.filter(pin=signal).count() == events_before
    assert PinEvent.objects.filter(pin=signal, actor__isnull=True).exists()
    # Logged out.
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize("purge", ["per place", "whole layer"])
def test_deleting_and_removing_the_pins_takes_them_off_the_map(
    signed_in, client, me, world, purge, monkeypatch
):
    if purge == "whole layer":  # what many places at once get
        monkeypatch.setattr(leaving, "PURGE_PLACES_MAX", 0)
    mine, theirs, signal = world["mine"], world["theirs"], world["signal"]
    photo = PinPhoto.objects.get(pin=mine)
    tiles = Tiles(client, world["spot"])
    rows, clustered = tiles.warm()
    assert {mine.title, theirs.title} <= by_title(rows).keys()

    response = english(signed_in(me)).post(DELETE, data={"pins": "remove", "password": PASSWORD})
    assert response.status_code == 302

    assert not Pin.objects.filter(pk=mine.pk).exists()
    assert not Comment.objects.filter(pk=world["my_comment"].pk).exists()
    assert not Support.objects.filter(user_id=me.pk).exists()
    theirs.refresh_from_db()
    assert theirs.support_count == Support.objects.filter(pin=theirs).count() == 0
    assert theirs.comment_count == Comment.objects.filter(pin=theirs).count() == 1
    assert not default_storage.exists(photo.image.name)
    # The cached tiles no longer show my pin; the neighbour's stays.
    rows_after = by_title(tiles.rows())
    assert mine.title not in rows_after
    assert rows_after[theirs.title]["support_count"] == 0
    assert tiles.clustered() == clustered - 1
    # A confidential signal is not removed by its author: the buurtteam keeps its handling.
    signal.refresh_from_db()
    assert (signal.author_id, signal.contact_consent) == (None, False)


def test_a_wrong_password_deletes_nothing(signed_in, me, world):
    response = english(signed_in(me)).post(DELETE, data={"pins": "remove", "password": "fout"})
    assert response.status_code == 400
    assert "This is not your password." in response.text
    assert User.objects.filter(pk=me.pk).exists()
    assert Pin.objects.filter(author=me).count() == 2


def test_the_choice_is_required(signed_in, me, world):
    response = english(signed_in(me)).post(DELETE, data={"password": PASSWORD})
    assert response.status_code == 400
    assert "Choose what happens to your ideas and comments." in response.text
    assert User.objects.filter(pk=me.pk).exists()


def test_staff_cannot_delete_themselves(signed_in):
    member = BuurtteamFactory(password=PASSWORD)
    client = english(signed_in(member))
    page = client.get(DELETE)
    assert page.status_code == 200
    assert "Staff accounts cannot be deleted here" in page.text
    assert 'name="password"' not in page.text
    response = client.post(DELETE, data={"pins": "remove", "password": PASSWORD})
    assert User.objects.filter(pk=member.pk).exists()
    assert "Staff accounts cannot be deleted here" in response.text


def test_deleting_someone_without_pins_works_too(signed_in):
    """No pins, no history: nothing to anonymise, only the account."""
    loner = UserFactory(password=PASSWORD)
    response = signed_in(loner).post(DELETE, data={"pins": "keep", "password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=loner.pk).exists()


def test_the_history_still_refuses_any_other_change(me, world):
    """The append-only trigger lets only "forget the actor" through."""
    from django.db import DatabaseError, transaction

    event = PinEvent.objects.filter(pin=world["mine"]).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        PinEvent.objects.filter(pk=event.pk).update(detail="anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        PinEvent.objects.filter(pk=event.pk).update(actor=None, detail="anders")
    PinEvent.objects.filter(pk=event.pk).update(actor=None)
    event.refresh_from_db()
    assert event.actor_id is None


def test_the_privacy_page_shows_the_retention_from_the_settings(client, settings):
    settings.CONFIDENTIAL_RETENTION_DAYS = 123
    settings.UNCONFIRMED_ACCOUNT_DAYS = 17
    response = client.get("/privacy/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "123 days after they were closed" in text
    assert "deleted after 17 days" in text
    assert "/account/privacy/" not in text


def test_the_footer_and_the_forms_link_to_the_privacy_page(client, signed_in, me):
    assert 'href="/privacy/"' in client.get("/").content.decode()
    assert 'href="/privacy/"' in client.get("/account/aanmelden/").content.decode()
    assert 'href="/privacy/"' in signed_in(me).get("/meldingen/nieuw/").text


# --- redesigns and reports --------------------------------------------------------------


@pytest.fixture
def redesigns(me):
    """`me` lives in the area, voted in one project (not another) and commented on a third."""
    home = neighbourhood(index=0)
    User.objects.filter(pk=me.pk).update(home_neighbourhood=home)
    me.refresh_from_db()
    voted = ProjectFactory(eligibility="residents", hood=home, title="Herinrichting Vijverlaan")
    ProjectFactory(eligibility="residents", hood=home, title="Herinrichting Parklaan")
    consulted = ProjectFactory(phase="consultation", hood=home, title="Plein bij de school")
    chosen = options_of(voted)[1]
    voting_services.vote_cast(project=voted, option_ids=[chosen.pk], user=me)
    comment = voting_services.comment_create(project=consulted, author=me, body="Meer bankjes!")
    return {"voted": voted, "chosen": chosen, "consulted": consulted, "comment": comment}


def test_the_export_says_which_votes_i_took_part_in_never_what_i_chose(client, me, redesigns):
    archive = download(client, me)
    data = json.loads(archive.read("redesigns.json"))
    assert [(v["project"], v["title"]) for v in data["votes"]] == [
        (redesigns["voted"].slug, "Herinrichting Vijverlaan")
    ]
    assert [(c["project"], c["body"]) for c in data["comments"]] == [
        (redesigns["consulted"].slug, "Meer bankjes!")
    ]
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode()
    assert redesigns["chosen"].title not in everything  # "Ontwerp B"
    assert "Ontwerp" not in everything


def test_the_export_lists_my_reports(client, me, other):
    theirs = pin_create(other, title="Reclame voor een garage")
    services.report_create(reporter=me, reason="spam", explanation="Reclame.", pin=theirs)
    reports = json.loads(download(client, me).read("reports.json"))
    assert [(r["pin"], r["reason"], r["explanation"]) for r in reports] == [
        (theirs.public_id, "spam", "Reclame.")
    ]
    assert json.loads(download(client, other).read("reports.json")) == []


def test_removing_takes_redesign_comments_along_and_the_vote_stays_counted(
    signed_in, me, redesigns
):
    voted = redesigns["voted"]
    assert Participation.objects.filter(project=voted).count() == 1
    response = signed_in(me).post(DELETE, data={"pins": "remove", "password": PASSWORD})
    assert response.status_code == 302
    assert not ProjectComment.objects.filter(pk=redesigns["comment"].pk).exists()
    assert Participation.objects.filter(project=voted).count() == 1
    assert Ballot.objects.filter(project=voted).count() == 1


def test_keeping_leaves_redesign_comments_without_a_name(signed_in, me, redesigns):
    response = signed_in(me).post(DELETE, data={"pins": "keep", "password": PASSWORD})
    assert response.status_code == 302
    assert ProjectComment.objects.get(pk=redesigns["comment"].pk).author_id is None


def test_my_reports_are_taken_back_with_the_count(signed_in, me, other):
    theirs = pin_create(other, title="Reclame voor een garage")
    services.report_create(reporter=me, reason="spam", pin=theirs)
    theirs.refresh_from_db()
    assert theirs.report_count == 1
    signed_in(me).post(DELETE, data={"pins": "keep", "password": PASSWORD})
    theirs.refresh_from_db()
    assert theirs.report_count == Report.objects.filter(pin=theirs).count() == 0
