"""What an author's change and a moderator's restore write down, field by field."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from participatie.pins import services
from participatie.pins.models import Pin, PinEvent
from tests.participatie.factories import category, image_bytes, pin_create, sensitive_category
from tests.participatie.pins.test_photo_limits import upload

pytestmark = pytest.mark.django_db


def test_the_author_changes_kind_category_and_description_of_a_new_pin(resident):
    pin = pin_create(resident, kind="complaint", category=category())
    services.pin_update(
        pin=pin, by=resident, kind="idea", category=category("spelen"), description="Nieuw"
    )
    stored = Pin.objects.get(pk=pin.pk)
    assert (stored.kind, stored.category.slug, stored.description) == ("idea", "spelen", "Nieuw")
    assert stored.title == "Losliggende stoeptegels"  # not given: unchanged


def test_consent_to_be_contacted_is_never_assumed(resident):
    """A confidential signal posted without a word on contact: the buurtteam may not call."""
    signal = pin_create(resident, category=sensitive_category(), kind="complaint")
    assert Pin.objects.get(pk=signal.pk).contact_consent is False


def test_consent_to_be_contacted_is_kept_for_a_confidential_signal_only(resident):
    signal = pin_create(resident, category=sensitive_category(), kind="complaint")
    services.pin_update(pin=signal, by=resident, contact_consent=True)
    assert Pin.objects.get(pk=signal.pk).contact_consent is True
    services.pin_update(pin=signal, by=resident, title="Andere titel")  # None: as it was
    assert Pin.objects.get(pk=signal.pk).contact_consent is True
    services.pin_update(pin=signal, by=resident, contact_consent=False)
    assert Pin.objects.get(pk=signal.pk).contact_consent is False
    public = pin_create(resident)
    services.pin_update(pin=public, by=resident, contact_consent=True)
    assert Pin.objects.get(pk=public.pk).contact_consent is False


def test_restoring_a_pin_clears_the_reason_and_records_who_restored_it(resident, admin_user):
    pin = services.pin_hide(pin=pin_create(resident), by=admin_user, reason="Persoonsgegevens")
    restored = services.pin_restore(pin=pin, by=admin_user)
    assert (restored.is_hidden, restored.hidden_reason, restored.report_count) == (False, "", 0)
    event = PinEvent.objects.filter(pin=pin).order_by("pk").last()
    assert (event.kind, event.actor, event.detail) == (PinEvent.Kind.RESTORED, admin_user, "")


def test_too_many_photos_are_refused_naming_the_maximum(resident, settings, media_root):
    settings.PIN_PHOTO_MAX_COUNT = 2
    photos = [upload(image_bytes(size=(20, 20)), f"{n}.jpg") for n in range(3)]
    with pytest.raises(ValidationError) as exc:
        pin_create(resident, photos=photos)
    [error] = exc.value.error_dict["photos"]
    assert (error.code, error.params) == ("too_many", {"max": 2})
    with translation.override("en"):
        assert error.messages == ["At most 2 photos per pin."]


def test_a_withdrawal_records_its_reason_and_the_author_in_the_history(resident):
    reason = "Al opgelost door de buren, " + "dank! " * 20  # 146 characters
    pin = services.pin_withdraw(pin=pin_create(resident), by=resident, reason=f"  {reason}\n")
    stored = Pin.objects.get(pk=pin.pk)
    assert (stored.status, stored.status_reason) == ("withdrawn", reason.strip())
    change = stored.status_changes.order_by("pk").last()
    assert (change.to_status, change.reason, change.changed_by) == (
        "withdrawn",
        reason.strip(),
        resident,
    )
    event = PinEvent.objects.filter(pin=pin).order_by("pk").last()
    # The handling history shows the first 80 characters of the reason.
    assert (event.kind, event.actor, event.detail) == (
        PinEvent.Kind.WITHDRAWN,
        resident,
        reason.strip()[:80],
    )
    assert len(event.detail) == 80


def test_a_withdrawal_without_a_reason_records_none(resident):
    pin = services.pin_withdraw(pin=pin_create(resident), by=resident)
    change = Pin.objects.get(pk=pin.pk).status_changes.order_by("pk").last()
    assert (change.to_status, change.reason) == ("withdrawn", "")
    assert PinEvent.objects.filter(pin=pin).order_by("pk").last().detail == ""


def test_a_withdrawal_reason_that_is_too_long_is_refused_under_reason(resident):
    pin = pin_create(resident)
    with pytest.raises(ValidationError) as exc:
        services.pin_withdraw(pin=pin, by=resident, reason="x" * 2001)
    [error] = exc.value.error_dict["reason"]
    assert (error.code, error.params) == ("max_length", {"max": 2000})
    assert Pin.objects.get(pk=pin.pk).status == "new"  # nothing withdrawn
    services.pin_withdraw(pin=pin, by=resident, reason="x" * 2000)  # at the limit: fine
    assert Pin.objects.get(pk=pin.pk).status == "withdrawn"


def test_a_change_by_someone_else_or_after_handling_began_says_why(resident, neighbour, staff):
    pin = pin_create(resident)
    with pytest.raises(PermissionDenied) as exc:
        services.pin_update(pin=pin, by=neighbour, title="Overgenomen")
    with translation.override("en"):  # the text is translated when it is shown
        assert str(exc.value) == "Only the person who posted this pin can change it."
    services.pin_set_status(pin=pin, status="acknowledged", by=staff)
    with translation.override("en"):  # as in a request in English: the status named so too
        with pytest.raises(ValidationError) as exc:
            services.pin_update(pin=pin, by=resident, title="Nog iets anders")
        [error] = exc.value.error_dict["status"]
        assert error.messages == [
            "This pin can no longer be changed: it is being handled (status: "
            f"{Pin.Status.ACKNOWLEDGED.label})."
        ]


def test_hiding_a_pin_records_the_moderator_and_the_first_80_characters_of_the_reason(
    resident, admin_user
):
    reason = "Noemt een buurman bij naam en adres; " * 4  # 148 characters
    pin = services.pin_hide(pin=pin_create(resident), by=admin_user, reason=reason)
    assert (pin.is_hidden, pin.hidden_reason) == (True, reason.strip())
    event = PinEvent.objects.filter(pin=pin).order_by("pk").last()
    assert (event.kind, event.actor, event.detail) == (
        PinEvent.Kind.HIDDEN,
        admin_user,
        reason.strip()[:80],
    )


@pytest.mark.parametrize(
    "reason, code", [("", "blank"), ("   ", "blank"), ("x" * 501, "max_length")]
)
def test_hiding_needs_a_reason_of_at_most_500_characters(resident, admin_user, reason, code):
    pin = pin_create(resident)
    with pytest.raises(ValidationError) as exc:
        services.pin_hide(pin=pin, by=admin_user, reason=reason)
    assert [e.code for e in exc.value.error_dict["reason"]] == [code]
    assert Pin.objects.get(pk=pin.pk).is_hidden is False
    services.pin_hide(pin=pin, by=admin_user, reason="x" * 500)  # at the limit: hidden
    assert Pin.objects.get(pk=pin.pk).hidden_reason == "x" * 500


def test_only_a_moderator_may_hide_and_is_told_so(resident, neighbour):
    pin = pin_create(resident)
    with pytest.raises(PermissionDenied) as exc:
        services.pin_hide(pin=pin, by=neighbour, reason="Niet leuk")
    with translation.override("en"):
        assert str(exc.value) == "Only moderators can hide or restore content."
    assert Pin.objects.get(pk=pin.pk).is_hidden is False


def test_a_photo_is_stored_with_its_size_in_pixels(resident, media_root):
    pin = pin_create(resident, photos=[upload(image_bytes(size=(600, 450)), "a.jpg")])
    photo = pin.photos.get()
    assert (photo.width, photo.height) == (600, 450)


def test_a_kind_that_is_neither_idea_nor_complaint_is_refused_under_kind(resident):
    with pytest.raises(ValidationError) as exc:
        pin_create(resident, kind="voorstel")
    [error] = exc.value.error_dict["kind"]
    assert error.code == "invalid_choice"
    with translation.override("en"):
        assert error.messages == ["Choose idea or complaint."]
