"""When the neighbours stand behind an initiative.

With the programme's defaults: more residents back it than object (a majority of the
responses), and at least `max(min_backers, ceil(min_backer_percent / 100 × households))`
back it, the households being those of its area (households.py), fixed on submission.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q


def backers_needed(*, households: int | None, percent: Decimal, floor: int) -> int:
    """The minimum number of backers: the share of the households, rounded up, and never
    fewer than `floor`. Exact decimal arithmetic: 5 % of 620 households is 31, not 31.000001
    rounded up to 32."""
    share = Decimal(households or 0) * Decimal(percent) / Decimal(100)
    return max(int(floor), math.ceil(share))


@dataclass(frozen=True)
class Progress:
    backs: int
    objections: int
    needed: int
    majority_required: bool

    @property
    def has_majority(self) -> bool:
        return self.backs > self.objections

    @property
    def enough_backers(self) -> bool:
        return self.backs >= self.needed

    @property
    def reached(self) -> bool:
        return self.enough_backers and (self.has_majority or not self.majority_required)

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.backs)

    @property
    def summary(self) -> str:
        """ "31 of 40 needed", in the active language."""
        from django.utils.translation import gettext

        return gettext("%(backs)d of %(needed)d needed") % {
            "backs": self.backs,
            "needed": self.needed,
        }


def progress(initiative) -> Progress:
    """Counted now, from the backings in the database."""
    from participatie.initiatives.models import Backing

    counts = Backing.objects.filter(initiative=initiative).aggregate(
        backs=Count("pk", filter=Q(response=Backing.Response.BACK)),
        objections=Count("pk", filter=Q(response=Backing.Response.OBJECT)),
    )
    programme = initiative.programme
    needed = initiative.backers_needed
    if needed is None:
        needed = backers_needed(
            households=initiative.households,
            percent=programme.min_backer_percent,
            floor=programme.min_backers,
        )
    return Progress(
        backs=counts["backs"],
        objections=counts["objections"],
        needed=needed,
        majority_required=programme.majority_required,
    )
