"""Reads of redesign projects: results, turnout and receipts. Results are computed from the
ballots alone (which never name a voter) and shown only once published."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from maps.models import Area
from participatie.accounts.models import User
from participatie.voting import keys
from participatie.voting.eligibility import lies_in_eligible_area
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
    """Issued voting codes, or the accounts that may vote as residents of the area: the same
    rule as the vote itself (eligibility.py), so turnout never counts someone who could not
    vote (a neighbourhood a drawn area only grazes) or leaves out someone who could."""
    if project.eligibility == RedesignProject.Eligibility.CODES:
        return project.codes.count()
    hood_ids = set(project.eligible_areas.values_list("pk", flat=True))
    if project.eligible_shape is not None:
        grazed = Area.objects.neighbourhoods().filter(geom__intersects=project.eligible_shape)
        hood_ids |= {
            hood.pk for hood in grazed.only("pk", "geom") if lies_in_eligible_area(project, hood)
        }
    may_participate = Q(email_verified_at__isnull=False) | Q(is_staff=True) | Q(is_superuser=True)
    return (
        User.objects.filter(is_active=True, home_neighbourhood__in=hood_ids)
        .filter(may_participate)
        .count()
    )


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
