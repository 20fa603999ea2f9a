"""Pins are written through services that keep the rules, whoever calls them."""

import pytest
from django.contrib.gis.geos import LineString, MultiPoint, Point, Polygon
from django.core.exceptions import PermissionDenied, ValidationError

from maps.models import Area
from participatie.pins import services
from participatie.pins.models import Pin, PinStatusChange
from tests.participatie.factories import UserFactory, category, pin_create, point_in

pytestmark = pytest.mark.django_db


def error_codes(exc_info, field):
    return [e.code for e in exc_info.value.error_dict[field]]


def test_it_rejects_a_pin_outside_the_municipality(resident):
    groningen = Point(6.5665, 53.2194, srid=4326)
    with pytest.raises(ValidationError) as exc:
        pin_create(resident, geom=groningen)
    assert error_codes(exc, "geom") == ["outside_municipality"]
    assert "Assen" in exc.value.message_dict["geom"][0]
    assert not Pin.objects.filter(author=resident).exists()


def test_a_location_without_a_reference_system_is_read_as_wgs84(resident):
    inside = point_in()
    pin = pin_create(resident, geom=Point(inside.x, inside.y))  # no SRID
    assert pin.geom.srid == 4326  # the pin the service goes on with (tiles, routing)
    stored = Pin.objects.get(pk=pin.pk).geom
    assert stored.srid == 4326
    assert (stored.x, stored.y) == pytest.approx((inside.x, inside.y))


def test_a_location_in_another_reference_system_is_transformed_to_wgs84(resident):
    inside = point_in()
    mercator = inside.transform(3857, clone=True)
    pin = pin_create(resident, geom=mercator)
    stored = Pin.objects.get(pk=pin.pk).geom
    assert stored.srid == 4326
    assert (stored.x, stored.y) == pytest.approx((inside.x, inside.y), abs=1e-9)


def test_a_history_line_is_cut_to_what_its_column_holds(resident):
    from participatie.pins.models import PinEvent
    from participatie.pins.services._common import event_record

    pin = pin_create(resident)
    event_record(pin, PinEvent.Kind.ROUTED, None, "x" * 400)
    assert PinEvent.objects.filter(pin=pin).latest("pk").detail == "x" * 300


def test_a_pin_posted_without_a_description_has_none(resident):
    pin = services.pin_create(
        author=resident, kind="complaint", category=category(), title="Kuil", geom=point_in()
    )
    assert Pin.objects.get(pk=pin.pk).description == ""


def test_another_municipality_in_the_area_data_is_still_outside(resident):
    """Neighbouring municipalities may be loaded too (a wider CBS import): only the
    configured one takes pins."""
    from django.contrib.gis.geos import MultiPolygon

    groningen = Point(6.5665, 53.2194, srid=4326)
    around = Polygon.from_bbox((6.50, 53.18, 6.63, 53.26))
    around.srid = 4326
    Area.objects.create(
        level=Area.Level.MUNICIPALITY, code="GM0014", name="Groningen", geom=MultiPolygon(around)
    )
    with pytest.raises(ValidationError) as exc:
        pin_create(resident, geom=groningen)
    assert error_codes(exc, "geom") == ["outside_municipality"]
    assert exc.value.message_dict["geom"] == ["Deze plek ligt buiten de gemeente Assen."]


def test_it_recognises_swapped_coordinates(resident):
    inside = point_in()
    with pytest.raises(ValidationError) as exc:
        pin_create(resident, geom=Point(inside.y, inside.x, srid=4326))
    assert error_codes(exc, "geom") == ["swapped"]
    assert exc.value.message_dict["geom"] == [
        "Coördinaten omgedraaid? GeoJSON is [lengtegraad, breedtegraad]."
    ]


BOW_TIE = Polygon(
    ((6.55, 52.99), (6.56, 53.0), (6.56, 52.99), (6.55, 53.0), (6.55, 52.99)), srid=4326
)


@pytest.mark.parametrize(
    ("geom", "code", "dutch", "english"),
    [
        (Point(srid=4326), "empty", "De locatie is leeg.", "The location is empty."),
        (
            Point(float("nan"), 52.99, srid=4326),
            "not_finite",
            "De coördinaten moeten eindige getallen zijn.",
            "The coordinates must be finite numbers.",
        ),
        (
            Point(float("inf"), 52.99, srid=4326),
            "not_finite",
            "De coördinaten moeten eindige getallen zijn.",
            "The coordinates must be finite numbers.",
        ),
        (
            Point(6.56, 95.0, srid=4326),
            "range",
            "De lengtegraad moet tussen -180 en 180 liggen, de breedtegraad tussen -90 en 90.",
            "Longitude must lie between -180 and 180, latitude between -90 and 90.",
        ),
        (
            Point(6.56, 90.5, srid=4326),
            "range",
            "De lengtegraad moet tussen -180 en 180 liggen, de breedtegraad tussen -90 en 90.",
            "Longitude must lie between -180 and 180, latitude between -90 and 90.",
        ),
        # The north pole is a place on earth, just not in Assen.
        (
            Point(6.56, 90.0, srid=4326),
            "outside_municipality",
            "Deze plek ligt buiten de gemeente Assen.",
            "This place lies outside the municipality of Assen.",
        ),
        # A bow tie: the ring crosses itself; GEOS says where.
        (
            BOW_TIE,
            "invalid",
            f"De vorm is niet geldig: {BOW_TIE.valid_reason}",
            f"The shape is not valid: {BOW_TIE.valid_reason}",
        ),
        (
            MultiPoint(Point(6.56, 52.99), Point(6.57, 52.99), srid=4326),
            "geometry_type",
            "Een melding is een punt, een lijn of een vlak.",
            "A pin is a point, a line or an area.",
        ),
        (
            Point(5.0, 52.0, srid=4326),
            "outside_municipality",
            "Deze plek ligt buiten de gemeente Assen.",
            "This place lies outside the municipality of Assen.",
        ),
        (
            "POINT(6.56 52.99)",
            "required",
            "Geef de locatie op als punt.",
            "Give the location as a point.",
        ),
        (None, "required", "Geef de locatie op als punt.", "Give the location as a point."),
    ],
    ids=[
        "empty",
        "nan",
        "infinity",
        "latitude-out-of-range",
        "latitude-just-past-90",
        "north-pole",
        "self-intersecting",
        "multipoint",
        "outside",
        "text",
        "none",
    ],
)
def test_it_rejects_unusable_geometries(resident, geom, code, dutch, english):
    """With the message the resident reads: in Dutch, and in English when chosen."""
    from django.utils import translation

    with pytest.raises(ValidationError) as exc:
        pin_create(resident, geom=geom)
    assert error_codes(exc, "geom") == [code]
    assert exc.value.message_dict["geom"] == [dutch]
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            pin_create(resident, geom=geom)
        assert exc.value.message_dict["geom"] == [english]


@pytest.mark.parametrize(
    ("lon", "lat", "code"),
    [
        (180.0, 52.99, "outside_municipality"),
        (180.5, 52.99, "range"),
        (-180.0, 52.99, "outside_municipality"),
        (-180.5, 52.99, "range"),
        (6.56, -90.0, "outside_municipality"),
        (6.56, -90.5, "range"),
    ],
)
def test_the_edges_of_the_world_are_places_and_beyond_them_a_range_error(resident, lon, lat, code):
    with pytest.raises(ValidationError) as exc:
        pin_create(resident, geom=Point(lon, lat, srid=4326))
    assert error_codes(exc, "geom") == [code]


def test_lines_and_areas_stay_possible_and_get_a_web_mercator_copy(resident):
    centre = point_in()
    line = LineString((centre.x - 0.0005, centre.y), (centre.x + 0.0005, centre.y), srid=4326)
    pin = pin_create(resident, geom=line)
    pin.refresh_from_db()
    assert pin.geom.geom_type == "LineString"
    assert pin.geom_3857.srid == 3857
    assert pin.geom_3857.extent[0] == pytest.approx(
        line.transform(3857, clone=True).extent[0], abs=0.01
    )


def test_a_pin_gets_its_neighbourhood_and_district_from_its_location(resident):
    hood = Area.objects.neighbourhoods().select_related("parent").order_by("-code").first()
    pin = pin_create(resident, geom=point_in(hood.code))
    assert pin.neighbourhood == hood
    assert pin.district == hood.parent


def test_a_new_pin_starts_its_public_history(resident):
    pin = pin_create(resident)
    assert pin.status == Pin.Status.NEW
    (change,) = pin.status_changes.all()
    assert (change.from_status, change.to_status, change.changed_by) == ("", "new", resident)


def test_text_is_stored_as_given_not_interpreted(resident):
    pin = pin_create(resident, title="<script>alert(1)</script>", description="<b>vet</b> & zo")
    pin.refresh_from_db()
    assert pin.title == "<script>alert(1)</script>"
    assert pin.description == "<b>vet</b> & zo"


@pytest.mark.parametrize(
    ("field", "value", "code", "dutch", "english"),
    [
        ("title", "", "blank", "Dit veld mag niet leeg zijn.", "This field may not be blank."),
        (
            "title",
            "x" * 121,
            "max_length",
            "Gebruik maximaal 120 tekens.",
            "Use at most 120 characters.",
        ),
        (
            "description",
            "x" * 5001,
            "max_length",
            "Gebruik maximaal 5000 tekens.",
            "Use at most 5000 characters.",
        ),
        (
            "title",
            "a\x00b",
            "null_characters",
            "De tekst bevat een nulteken.",
            "The text contains a null character.",
        ),
    ],
)
def test_it_rejects_bad_text(resident, field, value, code, dutch, english):
    from django.utils import translation

    with pytest.raises(ValidationError) as exc:
        pin_create(resident, **{field: value})
    assert error_codes(exc, field) == [code]
    assert exc.value.message_dict[field] == [dutch]
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            pin_create(resident, **{field: value})
        assert exc.value.message_dict[field] == [english]


def test_a_category_must_be_active_and_take_the_kind(resident):
    """With the message the resident reads: in Dutch, and in English when chosen."""
    from django.utils import translation

    lighting = category("verlichting")  # complaints only
    with pytest.raises(ValidationError) as exc:
        pin_create(resident, kind="idea", category=lighting)
    assert error_codes(exc, "category") == ["kind_not_allowed"]
    assert exc.value.message_dict["category"] == ["Deze categorie neemt geen idee aan."]
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            pin_create(resident, kind="idea", category=lighting)
        assert exc.value.message_dict["category"] == ["This category takes no idea."]
    lighting.is_active = False
    lighting.save()
    with pytest.raises(ValidationError) as exc:
        pin_create(resident, kind="complaint", category=lighting)
    assert error_codes(exc, "category") == ["invalid_choice"]
    assert exc.value.message_dict["category"] == ["Kies een van de categorieën."]
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            pin_create(resident, kind="complaint", category=lighting)
        assert exc.value.message_dict["category"] == ["Choose one of the categories."]


def test_only_verified_residents_can_post():
    from django.utils import translation

    before = Pin.objects.count()
    with pytest.raises(PermissionDenied) as exc:
        pin_create(UserFactory(verified=False))
    assert str(exc.value) == "Log in om mee te doen."
    with translation.override("en"):
        with pytest.raises(PermissionDenied) as exc:
            pin_create(UserFactory(verified=False))
        assert str(exc.value) == "Sign in to take part."
    assert Pin.objects.count() == before


def test_only_the_author_can_edit_and_only_while_new(resident, neighbour, staff):
    pin = pin_create(resident)
    with pytest.raises(PermissionDenied):
        services.pin_update(pin=pin, by=neighbour, title="Overgenomen")
    pin = services.pin_update(pin=pin, by=resident, title="Scheve stoeptegels")
    assert pin.title == "Scheve stoeptegels"
    services.pin_set_status(pin=pin, status="acknowledged", by=staff)
    with pytest.raises(ValidationError) as exc:
        services.pin_update(pin=pin, by=resident, title="Nog iets anders")
    assert error_codes(exc, "status") == ["not_new"]
    with pytest.raises(ValidationError):
        services.pin_withdraw(pin=pin, by=resident)


def test_moving_a_pin_reassigns_its_areas_and_keeps_it_inside(resident):
    first, last = (
        Area.objects.neighbourhoods().order_by("code")[:1].get(),
        Area.objects.neighbourhoods().order_by("-code")[:1].get(),
    )
    pin = pin_create(resident, geom=point_in(first.code))
    pin = services.pin_update(pin=pin, by=resident, geom=point_in(last.code))
    assert pin.neighbourhood == last
    with pytest.raises(ValidationError):
        services.pin_update(pin=pin, by=resident, geom=Point(5.0, 52.0, srid=4326))


def test_the_author_can_withdraw_a_new_pin(resident):
    pin = services.pin_withdraw(pin=pin_create(resident), by=resident, reason="Al opgelost")
    assert pin.status == Pin.Status.WITHDRAWN
    assert not Pin.objects.public().filter(pk=pin.pk).exists()
    assert list(pin.status_changes.values_list("to_status", flat=True)) == ["new", "withdrawn"]


def test_staff_change_the_status_and_declining_needs_a_reason(resident, staff):
    pin = pin_create(resident)
    with pytest.raises(PermissionDenied):
        services.pin_set_status(pin=pin, status="done", by=resident)
    with pytest.raises(ValidationError) as exc:
        services.pin_set_status(pin=pin, status="declined", by=staff)
    assert error_codes(exc, "reason") == ["required"]
    with pytest.raises(ValidationError):
        services.pin_set_status(pin=pin, status="withdrawn", by=staff)
    services.pin_set_status(pin=pin, status="planned", reason="Na de zomer", by=staff)
    pin = services.pin_set_status(pin=pin, status="declined", reason="Geen budget", by=staff)
    assert (pin.status, pin.status_reason) == ("declined", "Geen budget")
    history = list(PinStatusChange.objects.filter(pin=pin).values_list("from_status", "to_status"))
    assert history == [("", "new"), ("new", "planned"), ("planned", "declined")]


def test_a_second_support_by_the_same_resident_counts_once(resident, neighbour):
    pin = pin_create(resident)
    assert services.support_add(pin=pin, user=neighbour) is True
    assert services.support_add(pin=pin, user=neighbour) is False
    pin.refresh_from_db()
    assert pin.support_count == 1 == pin.supports.count()
    assert services.support_remove(pin=pin, user=neighbour) is True
    assert services.support_remove(pin=pin, user=neighbour) is False
    pin.refresh_from_db()
    assert pin.support_count == 0 == pin.supports.count()


def test_authors_cannot_support_their_own_pin(resident):
    pin = pin_create(resident)
    with pytest.raises(ValidationError) as exc:
        services.support_add(pin=pin, user=resident)
    assert error_codes(exc, "pin") == ["own_pin"]


def test_private_pins_cannot_be_supported_or_commented(resident, neighbour):
    from tests.participatie.factories import sensitive_category

    pin = pin_create(resident, category=sensitive_category(), kind="complaint")
    with pytest.raises(Pin.DoesNotExist):
        services.support_add(pin=pin, user=neighbour)
    with pytest.raises(Pin.DoesNotExist):
        services.comment_create(pin=pin, author=neighbour, body="Ik weet wie dit is")


def test_comments_count_and_must_have_text(resident, neighbour):
    pin = pin_create(resident)
    services.comment_create(pin=pin, author=neighbour, body="  Eens!  ")
    with pytest.raises(ValidationError):
        services.comment_create(pin=pin, author=neighbour, body="   ")
    with pytest.raises(ValidationError):
        services.comment_create(pin=pin, author=neighbour, body="x" * 2001)
    pin.refresh_from_db()
    assert pin.comment_count == 1
    assert pin.comments.get().body == "Eens!"
