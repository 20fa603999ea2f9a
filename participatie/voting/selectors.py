"""Reads of redesign projects: results, turnout and receipts. Results are computed from the
ballots alone (which never name a voter) and shown only once published."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maps.models import Area
from participatie.accounts.models import User
from participatie.voting import keys
from participatie.voting.eligibility import lies_in_eligible_area
from participatie.voting.models import Ballot, RedesignProject

# Results per neighbourhood show only neighbourhoods with at least this many ballots.
MIN_BALLOTS_PER_NEIGHBOURHOOD = 5
OTHER_NEIGHBOURHOODS = _("Other neighbourhoods or unknown")


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
    # neighbourhood name → {option id: votes}, and ballots per neighbourhood: only those
    # with MIN_BALLOTS_PER_NEIGHBOURHOOD ballots or more, the rest pooled as one row
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
    total = {option.pk: votes.get(option.pk, 0) for option in options}
    per_hood, ballots_per_hood = _small_neighbourhoods_pooled(
        per_hood, ballots_per_hood, ballots, total
    )
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


def _small_neighbourhoods_pooled(per_hood, ballots_per_hood, ballots: int, total: dict):
    """Neighbourhoods with fewer than MIN_BALLOTS_PER_NEIGHBOURHOOD ballots are not shown
    on their own: in a neighbourhood where one or two people voted, their choice would be
    public to anyone who knows they voted (docs/voting.md). They, and ballots without a
    neighbourhood, form one row; since that row can be worked out from the total, it is
    made at least as large too, by adding the smallest shown neighbourhoods to it."""
    shown = sorted(
        ((name, n) for name, n in ballots_per_hood.items() if n >= MIN_BALLOTS_PER_NEIGHBOURHOOD),
        key=lambda item: (-item[1], item[0]),
    )
    rest = ballots - sum(n for _name, n in shown)
    while 0 < rest < MIN_BALLOTS_PER_NEIGHBOURHOOD and shown:
        rest += shown.pop()[1]
    if not shown:
        return {}, {}
    names = [name for name, _n in shown]
    pooled_votes = {name: per_hood.get(name, {}) for name in names}
    pooled_ballots = dict(shown)
    if rest:
        other = str(OTHER_NEIGHBOURHOODS)
        pooled_ballots[other] = rest
        pooled_votes[other] = {
            pk: count - sum(pooled_votes[name].get(pk, 0) for name in names)
            for pk, count in total.items()
        }
    return pooled_votes, pooled_ballots


def ballot_by_receipt(project: RedesignProject, receipt: str) -> Ballot | None:
    """The ballot a receipt belongs to, for the voter to check it was counted as cast."""
    return Ballot.objects.filter(project=project, receipt_hash=keys.receipt_hash(receipt)).first()
