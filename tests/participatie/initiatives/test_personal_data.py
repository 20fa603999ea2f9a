"""The account export includes the resident's initiatives, backings, sign-ups and review
messages (and nobody else's); deleting the account removes drafts, backings and sign-ups
and leaves submitted initiatives standing without their organiser."""

from __future__ import annotations

import io
import json
import zipfile

from participatie.initiatives import services
from participatie.initiatives.models import Backing, Initiative, ReviewQuestion
from participatie.privacy.export import export_write
from participatie.privacy.services import account_delete
from tests.participatie.factories import UserFactory
from tests.participatie.initiatives.factories import (
    draft,
    neighbourhood,
    reached,
    resident_of,
    team_of,
)

PASSWORD = "een-lang-wachtwoord-42"


def exported(user) -> dict:
    target = io.BytesIO()
    export_write(user=user, target=target)
    archive = zipfile.ZipFile(io.BytesIO(target.getvalue()))
    assert "initiatives.json" in archive.read("LEESMIJ.txt").decode()
    return json.loads(archive.read("initiatives.json"))


def test_the_export_holds_my_initiatives_backings_and_messages_only(db):
    hood = neighbourhood(0)
    me = resident_of(hood, password=PASSWORD)
    other = resident_of(hood)
    mine = reached(me, hood)
    my_draft = draft(me, hood, title="Straatfeest")
    theirs = reached(other, hood, title="Rommelmarkt")
    services.backing_create(
        initiative=theirs, resident=me, response="object", reason="Te druk in de straat."
    )
    services.volunteer_signup(role=theirs.volunteer_roles.get(), resident=me)
    services.question_ask(initiative=mine, by=team_of(hood), text="Wie ruimt op?")
    services.question_ask(initiative=mine, by=me, text="Wij.")

    data = exported(me)
    assert [(i["initiative"], i["role"]) for i in data["initiatives"]] == [
        (mine.public_id, "organiser"),
        (my_draft.public_id, "organiser"),
    ]
    assert data["initiatives"][0]["budget_lines"][0]["amount_cents"] == 60000
    assert data["backings"] == [
        {
            "initiative": theirs.public_id,
            "title": "Rommelmarkt",
            "response": "object",
            "reason": "Te druk in de straat.",
            "created_at": data["backings"][0]["created_at"],
        }
    ]
    assert [v["initiative"] for v in data["volunteering"]] == [theirs.public_id]
    assert [m["text"] for m in data["review_messages"]] == ["Wij."]
    everything = json.dumps(exported(other))
    assert "Te druk in de straat." not in everything and my_draft.public_id not in everything


def test_deleting_the_account_lets_go_of_the_person(db):
    hood = neighbourhood(0)
    me = resident_of(hood, password=PASSWORD)
    mine = reached(me, hood)
    my_draft = draft(me, hood)
    theirs = reached(UserFactory(), hood)
    services.backing_create(initiative=theirs, resident=me, response="back")
    services.question_ask(initiative=mine, by=me, text="Wij ruimen op.")
    backs_before = Backing.objects.filter(initiative=theirs).count()

    account_delete(user=me, password=PASSWORD, keep_pins=True)

    assert not Initiative.objects.filter(pk=my_draft.pk).exists()
    mine.refresh_from_db()
    assert mine.organiser is None and mine.status == Initiative.Status.REVIEW
    assert Backing.objects.filter(initiative=theirs).count() == backs_before - 1
    assert ReviewQuestion.objects.get(initiative=mine).author is None
