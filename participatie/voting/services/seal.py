"""Sealing the ballot box once voting has ended (docs/voting.md, "What a database
administrator can learn").

While voting is open, PostgreSQL itself keeps two traces that tie a Participation (who,
as a keyed hash) to its Ballot (what): both rows were written by one transaction, so they
carry the same transaction id (the hidden `xmin` column), and rows lie in the table in the
order they were written. Sealing rewrites the project's ballots in one transaction, in a
random order, and touches every Participation in that same transaction: afterwards all of
them share one transaction id and the physical order says nothing. Change keys are
dropped too: nobody can change a vote any more, and they were the only keyed trace of a
voter on a ballot. Receipts, choices and neighbourhoods stay as they were.
"""

from __future__ import annotations

import random

from django.db import connection, transaction
from django.db.models import F

from participatie.voting.models import Ballot, Participation, RedesignProject

_shuffle = random.SystemRandom().shuffle


def ballots_seal(*, project: RedesignProject) -> int:
    """Rewrite the project's ballots and participations as described above; the number of
    ballots. Called when voting is closed and when the result is published."""
    with transaction.atomic():
        # A vote being cast right now finishes first (or waits), so none is left unsealed.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Ballot._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        ballots = list(Ballot.objects.filter(project=project))
        _shuffle(ballots)
        Ballot.objects.filter(project=project).delete()
        for ballot in ballots:
            ballot.change_key = None
        Ballot.objects.bulk_create(ballots, batch_size=1000)
        Participation.objects.filter(project=project).update(voter_key=F("voter_key"))
    return len(ballots)
