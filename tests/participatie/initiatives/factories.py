"""Initiatives for the tests: residents of a neighbourhood, proposals through the services,
budgets, and a constructed pair of square neighbourhoods whose overlaps are known."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from maps.models import Area
from participatie.initiatives import services
from participatie.initiatives.models import (
    Budget,
    DistrictAllocation,
    HouseholdCount,
    Initiative,
    Programme,
)
from tests.participatie.factories import StaffFactory, UserFactory


def neighbourhood(index: int = 0) -> Area:
    """A neighbourhood of Assen with a district (the index-th by CBS code)."""
    return (
        Area.objects.neighbourhoods()
        .filter(parent__level=Area.Level.DISTRICT)
        .select_related("parent")
        .order_by("code")[index]
    )


def other_district_neighbourhood(hood: Area) -> Area:
    return (
        Area.objects.neighbourhoods()
        .filter(parent__level=Area.Level.DISTRICT)
        .exclude(parent=hood.parent)
        .select_related("parent")
        .order_by("code")
        .first()
    )


def resident_of(hood: Area, **kwargs):
    return UserFactory(home_neighbourhood=hood, **kwargs)


def team_of(hood: Area, **kwargs):
    """A wijkteam member of the neighbourhood's district."""
    return StaffFactory(districts=[hood.parent.code], **kwargs)


def programme(**fields) -> Programme:
    """The default programme with these threshold settings."""
    found = services.programme_default()
    for name, value in fields.items():
        setattr(found, name, value)
    found.save()
    return found


def households(hood: Area, count: int, year: int = 2024) -> HouseholdCount:
    return HouseholdCount.objects.update_or_create(
        area=hood, year=year, defaults={"households": count, "source": "test"}
    )[0]


def proposal_data(hood: Area, **overrides) -> dict:
    values = {
        "title": "Moestuin achter de flat",
        "description": "Samen groente kweken op het braakliggende veldje.",
        "kind": Initiative.Kind.GARDEN,
        "location": hood.geom.point_on_surface,
        "budget_lines": [
            {"description": "Plantenbakken", "amount_cents": 60000},
            {"description": "Zaden en aarde", "amount_cents": 20000},
        ],
        "volunteer_roles": [{"name": "Water geven", "count_needed": 4}],
    }
    values.update(overrides)
    return values


def draft(organiser, hood: Area, **overrides) -> Initiative:
    return services.initiative_create(organiser=organiser, **proposal_data(hood, **overrides))


def submitted(organiser, hood: Area, **overrides) -> Initiative:
    initiative = draft(organiser, hood, **overrides)
    return services.initiative_submit(initiative=initiative, by=organiser)


def back(initiative: Initiative, count: int, hood: Area | None = None, response="back") -> list:
    """`count` new residents of the initiative's neighbourhood respond."""
    hood = hood or initiative.neighbourhood
    people = [resident_of(hood) for _ in range(count)]
    for person in people:
        services.backing_create(
            initiative=initiative,
            resident=person,
            response=response,
            reason="Te veel lawaai" if response == "object" else "",
        )
    return people


def budget(district: Area, amount_cents: int, year: int, **fields) -> DistrictAllocation:
    found, _ = Budget.objects.get_or_create(
        programme=services.programme_default(), year=year, defaults={"total_cents": amount_cents}
    )
    return DistrictAllocation.objects.create(
        budget=found, district=district, amount_cents=amount_cents, **fields
    )


def reached(organiser, hood: Area, **overrides) -> Initiative:
    """A submitted initiative that reached its threshold (floor 2, no households)."""
    programme(min_backers=2, min_backer_percent=Decimal("5"))
    HouseholdCount.objects.filter(area=hood).delete()
    initiative = submitted(organiser, hood, **overrides)
    back(initiative, 2)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REVIEW
    return initiative


def squares(side: float = 1000.0):
    """Two real neighbourhoods (of one district) made into adjacent squares of `side` metres
    (RD New) around a spot in the municipality: (A, B, (x, y) of their shared edge's middle).
    Every other household count is removed, so only A and B contribute households."""
    from django.contrib.gis.db.models.functions import Transform

    municipality = Area.objects.municipality().annotate(rd=Transform("geom", 28992)).get()
    spot = municipality.rd.point_on_surface
    x, y = spot.x, spot.y
    half = side / 2

    def square(x0: float) -> MultiPolygon:
        rd = Polygon.from_bbox((x0, y - half, x0 + side, y + half))
        rd.srid = 28992
        return MultiPolygon(rd.transform(4326, clone=True), srid=4326)

    envelope = Polygon.from_bbox((x - side, y - half, x + side, y + half))
    envelope.srid = 28992
    assert municipality.rd.covers(envelope), "the test squares must lie in the municipality"
    first = neighbourhood(0)
    second = Area.objects.neighbourhoods().filter(parent=first.parent).exclude(pk=first.pk).first()
    Area.objects.filter(pk=first.pk).update(geom=square(x - side))
    Area.objects.filter(pk=second.pk).update(geom=square(x))
    HouseholdCount.objects.all().delete()
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second, (x, y)


def rd_point(x: float, y: float) -> Point:
    return Point(x, y, srid=28992).transform(4326, clone=True)


def rd_polygon(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    polygon = Polygon.from_bbox((x0, y0, x1, y1))
    polygon.srid = 28992
    return polygon.transform(4326, clone=True)
