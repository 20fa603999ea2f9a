"""Reads of redesign projects: results, turnout and receipts. Results are computed from the
ballots alone (which never name a voter) and shown only once published."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from participatie.accounts.models import User
from participatie.voting import keys
from participatie.voting.models import Ballot, RedesignProject


@dataclass
class OptionResult:
    option_id: int
    title: str
    votes: int
    share: float  # of the ballots, 0–1 (approval: may add up to more than 1)


@dataclass
class Results:
    ballots: int
    eligible: int | None
    turnout: float | None
    options: list[OptionResult]
    # neighbourhood name → {option id: votes}, and ballots per neighbourhood
    per_neighbourhood: dict[str, dict[int, int]] = field(default_factory=dict)
    ballots_per_neighbourhood: dict[str, int] = field(default_factory=dict)


def eligible_count(project: RedesignProject) -> int | None:
    """Issued voting codes, or verified residents whose home lies in the eligible area."""
    if project.eligibility == RedesignProject.Eligibility.CODES:
        return project.codes.count()
    residents = User.objects.filter(
        is_active=True, role=User.Role.RESIDENT, email_verified_at__isnull=False
    )
    area_ids = list(project.eligible_areas.values_list("pk", flat=True))
    in_area = residents.filter(home_neighbourhood__in=area_ids)
    if project.eligible_shape is not None:
        shape = project.eligible_shape
        in_area = in_area | residents.filter(home_neighbourhood__geom__intersects=shape)
    return in_area.distinct().count()


def results(project: RedesignProject) -> Results:
    options = list(project.options.order_by("order", "pk"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT choice, count(*) FROM voting_ballot, unnest(choices) AS choice "
            "WHERE project_id = %s GROUP BY choice",
            [project.pk],
        )
        votes = dict(cursor.fetchall())
        cursor.execute(
            "SELECT a.name, choice, count(*) FROM voting_ballot b "
            "JOIN maps_area a ON a.id = b.neighbourhood_id, unnest(b.choices) AS choice "
            "WHERE b.project_id = %s GROUP BY a.name, choice",
            [project.pk],
        )
        per_hood: dict[str, dict[int, int]] = {}
        for name, choice, count in cursor.fetchall():
            per_hood.setdefault(name, {})[choice] = count
        cursor.execute(
            "SELECT a.name, count(*) FROM voting_ballot b "
            "JOIN maps_area a ON a.id = b.neighbourhood_id WHERE b.project_id = %s GROUP BY a.name",
            [project.pk],
        )
        ballots_per_hood = dict(cursor.fetchall())
    ballots = Ballot.objects.filter(project=project).count()
    eligible = eligible_count(project)
    return Results(
        ballots=ballots,
        eligible=eligible,
        turnout=(ballots / eligible) if eligible else None,
        options=[
            OptionResult(
                option_id=option.pk,
                title=option.title,
                votes=votes.get(option.pk, 0),
                share=(votes.get(option.pk, 0) / ballots) if ballots else 0.0,
            )
            for option in options
        ],
        per_neighbourhood=per_hood,
        ballots_per_neighbourhood=ballots_per_hood,
    )


def ballot_by_receipt(project: RedesignProject, receipt: str) -> Ballot | None:
    """The ballot a receipt belongs to, for the voter to check it was counted as cast."""
    return Ballot.objects.filter(project=project, receipt_hash=keys.receipt_hash(receipt)).first()
