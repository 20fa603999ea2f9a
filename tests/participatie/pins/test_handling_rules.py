"""What the partners see and receive when a pin is assigned or gets an internal note: the
refusal of an assignee from another district, the line in the handling history (from which
partner to which, to whom), the mail to the new assignee (never to oneself), and the checks
and the history line of a note."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from maps.models import Area
from maps.partners.models import Partner
from participatie.pins import services
from participatie.pins.models import Pin, PinEvent, PinNote
from tests.participatie.accounts.otp import login_staff
from tests.participatie.factories import StaffFactory, UserFactory, pin_create, point_in

pytestmark = pytest.mark.django_db

LARIKS, PITTELO = "WK010601", "WK010604"
TITLE = "Kapotte lantaarnpaal bij de speeltuin"


def spot_in(district: str):
    hood = Area.objects.filter(parent__code=district).order_by("code").first()
    return point_in(hood.code)


@pytest.fixture
def pin(db):
    """A complaint in Lariks, routed to its category's partner (the municipality)."""
    return pin_create(UserFactory(), title=TITLE, geom=spot_in(LARIKS))


@pytest.fixture
def member(db):
    return StaffFactory(districts=[LARIKS], display_name="Wim Wijkteam", email="wim@actium.example")


@pytest.fixture
def colleague(db):
    return StaffFactory(
        districts=[LARIKS], display_name="Cora Collega", email="cora@actium.example"
    )


def assignments(pin) -> list[tuple]:
    events = PinEvent.objects.filter(pin=pin, kind=PinEvent.Kind.ASSIGNED).order_by("id")
    return [(event.actor, event.detail) for event in events]


def partner(slug: str) -> Partner:
    return Partner.objects.get(slug=slug)


# --- who may be assigned --------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, message",
    [
        ("nl", "Deze persoon behandelt geen meldingen van deze wijk."),
        ("en", "This person does not handle pins of this district."),
    ],
)
def test_a_person_of_another_district_is_refused_with_a_message_under_assignee(
    pin, member, language, message
):
    outsider = StaffFactory(districts=[PITTELO], email="piet@actium.example")
    with translation.override(language), pytest.raises(ValidationError) as exc:
        services.pin_assign(pin=pin, by=member, assignee=outsider)
        pytest.fail("assigned to a person who does not handle the pin")
    with translation.override(language):
        assert exc.value.message_dict == {"assignee": [message]}
    assert [e.code for e in exc.value.error_dict["assignee"]] == ["not_handler"]
    assert Pin.objects.get(pk=pin.pk).assignee_id is None
    assert assignments(pin) == []


# --- the handling history -------------------------------------------------------------------


def test_the_history_names_the_old_and_the_new_partner(pin, member):
    municipality, actium = partner("gemeente-assen"), partner("actium")
    assert Pin.objects.get(pk=pin.pk).partner == municipality  # the category's partner

    services.pin_assign(pin=pin, by=member, partner=actium)

    assert Pin.objects.get(pk=pin.pk).partner == actium
    assert assignments(pin) == [(member, f"{municipality.name} → {actium.name}")]


def test_a_pin_without_a_partner_shows_a_dash_as_the_old_one(pin, member):
    Pin.objects.filter(pk=pin.pk).update(partner=None)  # e.g. its partner was removed
    actium = partner("actium")

    services.pin_assign(pin=pin, by=member, partner=actium)

    assert Pin.objects.get(pk=pin.pk).partner == actium
    assert assignments(pin) == [(member, f"— → {actium.name}")]


def test_the_history_names_the_assignee(pin, member, colleague):
    with translation.override("nl"):
        services.pin_assign(pin=pin, by=member, assignee=colleague)
    assert Pin.objects.get(pk=pin.pk).assignee == colleague
    assert assignments(pin) == [(member, "aan Cora Collega")]


def test_an_assignee_without_a_display_name_is_named_by_their_user_name(pin, member):
    nameless = StaffFactory(districts=[LARIKS], username="c.collega", display_name="")
    services.pin_assign(pin=pin, by=member, assignee=nameless)
    assert assignments(pin) == [(member, "aan c.collega")]


def test_a_new_partner_and_person_at_once_make_one_line(pin, member, colleague):
    municipality, actium = partner("gemeente-assen"), partner("actium")
    services.pin_assign(pin=pin, by=member, partner=actium, assignee=colleague)
    assert assignments(pin) == [
        (member, f"{municipality.name} → {actium.name}; aan Cora Collega"),
    ]
    stored = Pin.objects.get(pk=pin.pk)
    assert (stored.partner, stored.assignee) == (actium, colleague)


def test_assigning_what_is_already_so_records_nothing(pin, member):
    services.pin_assign(pin=pin, by=member, partner=partner("gemeente-assen"))
    assert assignments(pin) == []


# --- the mail to the assignee ---------------------------------------------------------------


def test_the_assignee_gets_a_mail_with_the_title_and_a_link_to_the_pin(
    pin, member, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.pin_assign(pin=pin, by=member, assignee=colleague)

    assert [m.to for m in mailoutbox] == [["cora@actium.example"]]
    message = mailoutbox[0]
    # In the site's language (Dutch), whatever the language of the one who assigned.
    assert message.subject == f"Aan jou toegewezen: {TITLE}"
    assert f"Er is een melding aan je toegewezen: “{TITLE}”." in message.body
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1, message.body
    assert links[0].startswith(settings.SITE_URL + "/")
    page = login_staff(Client(), colleague).get(links[0][len(settings.SITE_URL) :])
    assert page.status_code == 200
    assert TITLE in page.content.decode()


def test_assigning_yourself_sends_no_mail(
    pin, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.pin_assign(pin=pin, by=member, assignee=member)

    assert Pin.objects.get(pk=pin.pk).assignee == member
    assert assignments(pin) == [(member, "aan Wim Wijkteam")]
    assert mailoutbox == []


def test_a_new_partner_alone_mails_nobody(
    pin, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.pin_assign(pin=pin, by=member, partner=partner("actium"))
    assert mailoutbox == []


# --- internal notes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, code",
    [
        ("", "blank"),
        ("  \n\t ", "blank"),
        ("x" * 4001, "max_length"),
        ("Bel\x00terug", "null_characters"),
    ],
    ids=["empty", "whitespace", "too-long", "null"],
)
def test_a_note_needs_text_of_at_most_4000_characters(pin, member, body, code):
    with pytest.raises(ValidationError) as exc:
        services.note_add(pin=pin, by=member, body=body)
        pytest.fail("note accepted")
    assert list(exc.value.error_dict) == ["body"]
    assert [e.code for e in exc.value.error_dict["body"]] == [code]
    assert not PinNote.objects.filter(pin=pin).exists()
    assert not PinEvent.objects.filter(pin=pin, kind=PinEvent.Kind.NOTE).exists()


def test_a_note_of_4000_characters_is_kept_whole(pin, member):
    body = "a" * 4000
    note = services.note_add(pin=pin, by=member, body=body)
    assert PinNote.objects.get(pk=note.pk).body == body


def test_the_history_shows_who_wrote_a_note_and_its_first_80_characters(pin, member):
    body = "Bewoner teruggebeld: de lamp is al twee weken kapot en het pad is dan echt donker. " * 3
    note = services.note_add(pin=pin, by=member, body=body)

    stored = PinNote.objects.get(pk=note.pk)
    assert (stored.author, stored.body) == (member, body.strip())
    events = PinEvent.objects.filter(pin=pin, kind=PinEvent.Kind.NOTE)
    assert [(e.actor, e.detail) for e in events] == [(member, body[:80])]


# --- a status and its answer ----------------------------------------------------------------


@pytest.mark.parametrize(
    "language, status_message, reason_message",
    [
        ("nl", "Kies een geldige status.", "Gebruik maximaal 2000 tekens."),
        ("en", "Choose a valid status.", "Use at most 2000 characters."),
    ],
)
@pytest.mark.parametrize("status", ["withdrawn", "verdwenen", ""])
def test_a_status_the_team_may_not_set_and_a_too_long_answer_are_refused_together(
    pin, member, status, language, status_message, reason_message
):
    # Withdrawing is the author's; other words are no status. Both mistakes are named at once,
    # each under its own field of the form.
    with translation.override(language), pytest.raises(ValidationError) as exc:
        services.pin_set_status(pin=pin, status=status, reason="x" * 2001, by=member)
        pytest.fail("an invalid status was set")
    with translation.override(language):
        assert exc.value.message_dict == {"status": [status_message], "reason": [reason_message]}
    codes = {field: [e.code for e in errors] for field, errors in exc.value.error_dict.items()}
    assert codes == {"status": ["invalid_choice"], "reason": ["max_length"]}
    stored = Pin.objects.get(pk=pin.pk)
    assert (stored.status, stored.status_reason) == ("new", "")


def test_an_answer_of_2000_characters_is_kept_whole(pin, member):
    services.pin_set_status(pin=pin, status="planned", reason="y" * 2000, by=member)
    assert Pin.objects.get(pk=pin.pk).status_reason == "y" * 2000


def test_a_withdrawn_pin_cannot_be_moved_on_and_the_same_status_needs_an_answer(pin, member):
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            services.pin_set_status(pin=pin, status="new", by=member)  # its status, no answer
        assert exc.value.message_dict == {"reason": ["Write an answer, or choose another status."]}
        assert [e.code for e in exc.value.error_dict["reason"]] == ["required"]
        services.pin_withdraw(pin=pin, by=pin.author)
        with pytest.raises(ValidationError) as exc:
            services.pin_set_status(pin=pin, status="planned", reason="Volgende week", by=member)
        assert exc.value.message_dict == {"status": ["The author has withdrawn this pin."]}
        assert [e.code for e in exc.value.error_dict["status"]] == ["withdrawn"]
    assert Pin.objects.get(pk=pin.pk).status == "withdrawn"


def test_an_answer_in_the_same_status_is_a_reply_and_names_who_answered(pin, member):
    services.pin_set_status(pin=pin, status="acknowledged", by=member)
    services.pin_set_status(pin=pin, status="acknowledged", reason="We kijken ernaar.", by=member)
    events = PinEvent.objects.filter(pin=pin, kind__in=["status", "reply"]).order_by("id")
    with translation.override("nl"):
        acknowledged = str(Pin.Status.ACKNOWLEDGED.label)
    assert [(e.kind, e.actor) for e in events] == [("status", member), ("reply", member)]
    assert events[1].detail == acknowledged  # a reply names the status it was given in
    changes = pin.status_changes.order_by("id")
    # Who answered shows on the public page as their team's badge: recorded on every change.
    assert [(c.to_status, c.changed_by) for c in changes] == [
        ("new", pin.author),
        ("acknowledged", member),
        ("acknowledged", member),
    ]


def test_a_status_change_records_the_old_and_the_new_status(pin, member):
    services.pin_set_status(pin=pin, status="planned", by=member)
    event = PinEvent.objects.filter(pin=pin, kind="status").get()
    with translation.override("nl"):
        labels = str(Pin.Status.NEW.label), str(Pin.Status.PLANNED.label)
    assert event.detail == f"{labels[0]} → {labels[1]}"


def test_the_answer_is_mailed_to_the_author_only_when_they_can_receive_it(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    with_email = pin_create(UserFactory(email="bewoner@example.org"), geom=spot_in(LARIKS))
    without_email = pin_create(UserFactory(email=""), geom=spot_in(LARIKS))
    gone = pin_create(UserFactory(email="weg@example.org"), geom=spot_in(LARIKS))
    gone.author.delete()  # the account was deleted: its pins stay, without an author
    own = pin_create(member, geom=spot_in(LARIKS))  # a team member's own report
    with django_capture_on_commit_callbacks(execute=True):
        for pin in (with_email, without_email, Pin.objects.get(pk=gone.pk), own):
            services.pin_set_status(pin=pin, status="planned", reason="Na de zomer.", by=member)
    assert [m.to for m in mailoutbox] == [["bewoner@example.org"]]
    pks = [with_email.pk, without_email.pk, gone.pk, own.pk]
    assert list(Pin.objects.filter(pk__in=pks).values_list("status", flat=True)) == ["planned"] * 4


def test_the_answer_mail_names_the_report_its_status_and_the_answer_and_links_to_its_page(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory(email="bewoner@example.org", display_name="Fatima")
    pin = pin_create(author, title=TITLE, geom=spot_in(LARIKS))
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.pin_set_status(pin=pin, status="planned", reason="Na de zomer.", by=member)
    [message] = mailoutbox
    with translation.override("nl"):
        planned = str(Pin.Status.PLANNED.label)
    # In the site's language (Dutch), whatever the language of the one who answered.
    assert message.subject == f"Antwoord op je melding “{TITLE}”"
    assert message.body.startswith("Beste Fatima,\n")
    assert f"Het wijkteam heeft je melding “{TITLE}” beantwoord. De status is nu: {planned}." in (
        message.body
    )
    assert "\nNa de zomer.\n" in message.body
    [link] = re.findall(r"https?://\S+", message.body)
    assert link.startswith(settings.SITE_URL + "/")
    page = Client().get(link[len(settings.SITE_URL) :])
    assert page.status_code == 200 and TITLE in page.content.decode()


def test_a_team_member_of_another_district_cannot_handle_the_pin_and_is_told_why(pin):
    outsider = StaffFactory(districts=[PITTELO], email="piet@actium.example")
    with pytest.raises(PermissionDenied) as exc:
        services.pin_set_status(pin=pin, status="planned", by=outsider)
    with translation.override("en"):
        assert str(exc.value) == "You do not handle pins of this district or category."
    assert Pin.objects.get(pk=pin.pk).status == "new"


def test_routing_a_new_pin_names_the_partner_and_the_district_in_its_history(pin):
    event = PinEvent.objects.get(pin=pin, kind=PinEvent.Kind.ROUTED)
    district = Area.objects.get(code=LARIKS)
    assert event.actor is None  # done by the system, not by a person
    assert event.detail == f"{pin.category.default_partner.name} · {district.name}"


def test_a_pin_where_no_district_lies_is_routed_with_a_dash_for_the_district():
    """A gap in the district and neighbourhood outlines (the municipality's outline still
    takes the spot): the pin is placed, in no district, and its history says so."""
    from django.contrib.gis.db.models.functions import Translate

    spot = spot_in(LARIKS)
    lariks = Area.objects.get(code=LARIKS)
    Area.objects.filter(pk__in=[lariks.pk, *lariks.children.values_list("pk", flat=True)]).update(
        geom=Translate("geom", 1, 1)
    )
    pin = pin_create(UserFactory(), geom=spot)
    assert (pin.district_id, pin.neighbourhood_id) == (None, None)
    event = PinEvent.objects.get(pin=pin, kind=PinEvent.Kind.ROUTED)
    assert event.detail == f"{pin.category.default_partner.name} · —"


def test_a_pin_of_a_category_without_a_partner_is_routed_to_nobody_with_a_dash():
    from tests.participatie.factories import category

    unrouted = category("straat-en-stoep")
    unrouted.default_partner = None
    unrouted.save(update_fields=["default_partner"])
    pin = pin_create(UserFactory(), category=unrouted, geom=spot_in(LARIKS))
    event = PinEvent.objects.get(pin=pin, kind=PinEvent.Kind.ROUTED)
    assert event.detail == f"— · {Area.objects.get(code=LARIKS).name}"
