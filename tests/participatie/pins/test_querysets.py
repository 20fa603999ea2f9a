"""Who sees which pins, and the spatial and attribute filters on them."""

import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from maps.models import Area
from participatie.pins import selectors, services
from participatie.pins.models import Pin
from tests.participatie.factories import (
    AdminFactory,
    BuurtteamFactory,
    StaffFactory,
    category,
    pin_create,
    point_in,
    sensitive_category,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pins(resident, admin_user):
    """One public pin, and one of every kind that must stay off the public map."""
    internal = category("veiligheid")
    internal.is_public = False
    internal.save()
    return {
        "public": pin_create(resident),
        "sensitive": pin_create(resident, category=sensitive_category()),
        "internal": pin_create(resident, category=internal, kind="idea"),
        "hidden": services.pin_hide(pin=pin_create(resident), by=admin_user, reason="Adres"),
        "withdrawn": services.pin_withdraw(pin=pin_create(resident), by=resident),
    }


def visible(queryset, pins):
    found = set(queryset.values_list("pk", flat=True))
    return {name for name, pin in pins.items() if pin.pk in found}


def test_public_pins_exclude_sensitive_internal_hidden_and_withdrawn(pins):
    assert visible(Pin.objects.public(), pins) == {"public"}


def test_an_author_sees_all_their_own_pins(pins, resident):
    assert visible(Pin.objects.visible_to(resident), pins) == set(pins)


def test_another_resident_and_anonymous_see_only_public_pins(pins, neighbour):
    from django.contrib.auth.models import AnonymousUser

    assert visible(Pin.objects.visible_to(neighbour), pins) == {"public"}
    assert visible(Pin.objects.visible_to(AnonymousUser()), pins) == {"public"}
    assert visible(Pin.objects.visible_to(None), pins) == {"public"}
    # Nobody but staff handles a pin.
    for someone in (neighbour, AnonymousUser(), None):
        assert visible(Pin.objects.handled_by(someone), pins) == set()


def test_staff_see_what_they_handle_and_only_the_buurtteam_confidential_signals(
    pins, admin_user, staff
):
    everything_but_confidential = set(pins) - {"sensitive"}
    # Programme administrators handle every pin but the confidential signals.
    assert visible(Pin.objects.visible_to(admin_user), pins) == everything_but_confidential
    # A wijkteam member of every district: the same.
    assert visible(Pin.objects.visible_to(staff), pins) == everything_but_confidential
    assert visible(Pin.objects.visible_to(BuurtteamFactory()), pins) == set(pins)
    assert visible(Pin.objects.visible_to(AdminFactory(is_superuser=True)), pins) == set(pins)
    # The operator (a superuser) handles every pin, in every district, confidential ones too.
    assert visible(Pin.objects.handled_by(AdminFactory(is_superuser=True)), pins) == set(pins)
    # A wijkteam member of another district sees only the public pin here.
    elsewhere = Area.objects.districts().exclude(pk=pins["public"].district_id).first()
    outsider = StaffFactory(districts=[elsewhere.code])
    assert visible(Pin.objects.visible_to(outsider), pins) == {"public"}
    assert visible(Pin.objects.handled_by(outsider), pins) == set()


def test_filters_by_area_box_kind_category_status_and_period(resident):
    hood = Area.objects.neighbourhoods().select_related("parent").order_by("code").first()
    pin = pin_create(resident, geom=point_in(hood.code), kind="idea", category=category("spelen"))
    p = pin.geom
    qs = Pin.objects.filter(pk=pin.pk)
    assert qs.within_area(hood).exists() and qs.within_area(hood.parent.code).exists()
    assert qs.in_bbox((p.x - 0.001, p.y - 0.001, p.x + 0.001, p.y + 0.001)).exists()
    assert not qs.in_bbox((p.x + 0.001, p.y, p.x + 0.002, p.y + 0.001)).exists()
    assert qs.of_kind(["idea"]).exists() and not qs.of_kind(["complaint"]).exists()
    assert qs.in_categories(["spelen", "verlichting"]).exists()
    assert not qs.in_categories(["verlichting"]).exists()
    assert qs.with_status(["new"]).exists() and not qs.with_status(["done"]).exists()
    today = timezone.localdate()
    assert qs.created_between(today, today).exists()
    assert not qs.created_between(today + dt.timedelta(days=1), None).exists()
    assert not qs.created_between(None, today - dt.timedelta(days=1)).exists()


def test_similar_pins_nearby_are_measured_in_metres(resident):
    spot = point_in()
    pin = pin_create(resident, geom=spot)
    metres_per_degree_lon = 111_320 * 0.6018  # cos(53°)
    at = lambda metres: Point(spot.x + metres / metres_per_degree_lon, spot.y, srid=4326)  # noqa: E731
    similar = lambda geom, **kw: selectors.nearby_similar(category=pin.category, geom=geom, **kw)  # noqa: E731
    assert similar(at(50)).filter(pk=pin.pk).exists()
    assert not similar(at(100)).filter(pk=pin.pk).exists()
    assert similar(at(100), metres=150).filter(pk=pin.pk).exists()
    other = selectors.nearby_similar(category=category("spelen"), geom=spot)
    assert not other.filter(pk=pin.pk).exists()


def test_category_counts_only_count_public_pins(pins):
    counts = {c.slug: c.public_pin_count for c in selectors.categories_for_form()}
    assert (
        counts["eenzaamheid"]
        == Pin.objects.public().filter(category__slug="eenzaamheid").count()
        == 0
    )
    assert (
        counts["straat-en-stoep"]
        == Pin.objects.public().filter(category__slug="straat-en-stoep").count()
    )


def test_a_deactivated_account_sees_only_what_everyone_sees(pins, resident):
    # An account switched off (is_active false) keeps its session object for a moment; its
    # own confidential, hidden and withdrawn pins are no longer shown to it.
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    assert visible(Pin.objects.visible_to(resident), pins) == {"public"}


def test_a_team_member_sees_their_own_pins_outside_what_they_handle(pins):
    elsewhere = Area.objects.districts().exclude(pk=pins["public"].district_id).first()
    member = StaffFactory(districts=[elsewhere.code])
    own = services.pin_hide(
        pin=pin_create(member), by=AdminFactory(is_superuser=True), reason="Adres"
    )
    assert Pin.objects.visible_to(member).filter(pk=own.pk).exists()
    assert not Pin.objects.public().filter(pk=own.pk).exists()
