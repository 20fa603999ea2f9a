"""Redesign projects and design options for the voting tests.

A project lies on a short street inside a real neighbourhood of Assen, its eligible area is
that neighbourhood (or the ones given), and its phase comes from its dates:

    ProjectFactory()                               # voting open, two options, codes
    ProjectFactory(phase="consultation", options=3)
    ProjectFactory(eligibility="residents", hood=area, eligible_areas=[area, other])
    ProjectFactory(method="approval", allow_vote_change=True)

Residents of a neighbourhood: `resident_of(area)`; voting codes in clear text:
`codes_issue(project, 3)`.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.gis.geos import LineString
from django.utils import timezone

from maps.models import Area
from participatie.voting.models import DesignOption, RedesignProject
from participatie.voting.services import codes_generate
from tests.participatie.factories import DesignerFactory, UserFactory

PHASES = ("draft", "consultation", "voting", "closed", "result")


def neighbourhood(code: str | None = None, *, index: int = 0) -> Area:
    """A neighbourhood of Assen: the one with this CBS code, or the index-th by code."""
    hoods = Area.objects.neighbourhoods().order_by("code")
    return hoods.get(code=code) if code else hoods[index]


def street_in(hood: Area, half_length: float = 0.0003) -> LineString:
    """A straight street of about 40 m (east-west) through a point inside the neighbourhood."""
    spot = hood.geom.point_on_surface
    return LineString((spot.x - half_length, spot.y), (spot.x + half_length, spot.y), srid=4326)


def phase_dates(phase: str, now: dt.datetime | None = None) -> dict[str, dt.datetime | None]:
    """Publication, voting and result dates that put a project in `phase` at `now`."""
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; one of {PHASES}")
    now = now or timezone.now()
    day = dt.timedelta(days=1)
    future = {"voting_opens_at": now + 7 * day, "voting_closes_at": now + 14 * day}
    past = {"voting_opens_at": now - 7 * day, "voting_closes_at": now - dt.timedelta(hours=1)}
    return {
        "draft": {"published_at": None, "result_published_at": None, **future},
        "consultation": {"published_at": now - day, "result_published_at": None, **future},
        "voting": {
            "published_at": now - 7 * day,
            "voting_opens_at": now - day,
            "voting_closes_at": now + 7 * day,
            "result_published_at": None,
        },
        "closed": {"published_at": now - 14 * day, "result_published_at": None, **past},
        "result": {
            "published_at": now - 14 * day,
            "result_published_at": now - dt.timedelta(minutes=5),
            **past,
        },
    }[phase]


def phase_set(project: RedesignProject, phase: str) -> RedesignProject:
    """Move a project's dates so that it is in `phase` now (e.g. close it after issuing
    codes, which the service refuses once voting has closed)."""
    for name, value in phase_dates(phase).items():
        setattr(project, name, value)
    project.save()
    return project


def _date(name: str):
    return factory.LazyAttribute(lambda o: phase_dates(o.phase, o.now)[name])


class ProjectFactory(factory.django.DjangoModelFactory):
    """A redesign project written straight to the database (the services are what the tests
    check); `phase` sets the dates, `hood` the neighbourhood of the street."""

    class Meta:
        model = RedesignProject
        skip_postgeneration_save = True

    class Params:
        phase = "voting"
        now = None
        hood = factory.LazyFunction(neighbourhood)

    title = factory.Sequence(lambda n: f"Herinrichting Teststraat {n}")
    slug = factory.Sequence(lambda n: f"herinrichting-teststraat-{n}")
    description = "Hoe moet de straat eruitzien na de renovatie?"
    geom = factory.LazyAttribute(lambda o: street_in(o.hood))
    method = RedesignProject.Method.SINGLE
    eligibility = RedesignProject.Eligibility.CODES
    allow_vote_change = False
    published_at = _date("published_at")
    voting_opens_at = _date("voting_opens_at")
    voting_closes_at = _date("voting_closes_at")
    result_published_at = _date("result_published_at")
    created_by = factory.SubFactory(DesignerFactory)
    district = factory.LazyAttribute(lambda o: o.hood.parent)

    @factory.post_generation
    def eligible_areas(self, create, areas, **kwargs):
        """Areas or CBS codes; by default the street's own neighbourhood."""
        if not create:
            return
        if areas is None:
            areas = [Area.objects.neighbourhoods().containing(self.geom.point_on_surface).get()]
        self.eligible_areas.set(
            [a if isinstance(a, Area) else Area.objects.get(code=a) for a in areas]
        )

    @factory.post_generation
    def options(self, create, count, **kwargs):
        """How many design options to add (default 2): "Ontwerp A", "Ontwerp B", …"""
        if not create:
            return
        for i in range(2 if count is None else count):
            OptionFactory(project=self, order=i, title=f"Ontwerp {chr(ord('A') + i)}")


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DesignOption

    project = factory.SubFactory(ProjectFactory, options=0)
    title = factory.Sequence(lambda n: f"Ontwerp {n}")
    description = "Meer bomen, een bredere stoep en parkeren aan één kant."
    order = factory.Sequence(lambda n: n)
    version = factory.LazyAttribute(lambda o: o.project.version)


def options_of(project: RedesignProject) -> list[DesignOption]:
    return list(project.options.order_by("order", "pk"))


def resident_of(hood: Area | None, **kwargs):
    """A verified resident whose home neighbourhood is `hood` (None: no home set)."""
    return UserFactory(home_neighbourhood=hood, **kwargs)


def codes_issue(project: RedesignProject, count: int = 1, *, hood: Area | None = None) -> list[str]:
    """Voting codes in clear text for `count` made-up addresses (in `hood`, when given), issued
    through the service as a designer does."""
    point = hood.geom.point_on_surface if hood is not None else None
    addresses = [(f"Teststraat {n}, Assen", point) for n in range(1, count + 1)]
    issued = codes_generate(project=project, by=DesignerFactory(), addresses=addresses)
    return [code for _address, code in issued]
