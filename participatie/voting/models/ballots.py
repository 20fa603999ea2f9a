"""Ballots, kept secret by design (docs/voting.md).

Who voted (Participation) and what was chosen (Ballot) are separate rows with nothing in
common: no foreign key, no shared time stamp, random ballot identifiers. A Participation
holds only a keyed hash of the voter (a resident or a voting code), so the database refuses
a second vote even under concurrent submission. Only when a project lets voters change
their vote does a ballot carry a second, differently keyed hash, to find and replace it.
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Participation(models.Model):
    """That someone voted in a project (never what)."""

    project = models.ForeignKey(
        "voting.RedesignProject", on_delete=models.CASCADE, related_name="participations"
    )
    voter_key = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["project", "voter_key"], name="one_vote_per_voter")
        ]

    def __str__(self) -> str:
        return str(_("a vote in project %(id)s") % {"id": self.project_id})


class Ballot(models.Model):
    """What was chosen (never by whom)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(
        "voting.RedesignProject", on_delete=models.CASCADE, related_name="ballots"
    )
    choices = ArrayField(models.BigIntegerField(), verbose_name=_("chosen options"))
    # For the result per neighbourhood; None when unknown.
    neighbourhood = models.ForeignKey(
        "maps.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The voter checks their ballot with the receipt shown after voting (kept hashed).
    receipt_hash = models.CharField(max_length=64, unique=True)
    # Only where votes may be changed: a differently keyed hash of the voter.
    change_key = models.CharField(max_length=64, null=True, blank=True)
    # Which version of the options the vote was cast on.
    version = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "change_key"],
                condition=models.Q(change_key__isnull=False),
                name="one_changeable_ballot_per_voter",
            )
        ]

    def __str__(self) -> str:
        return str(_("a ballot in project %(id)s") % {"id": self.project_id})


class VotingCode(models.Model):
    """A single-use voting code for one household, printed on a letter with its address.
    Only a hash of the code is stored: the printed letter is the only copy."""

    project = models.ForeignKey(
        "voting.RedesignProject", on_delete=models.CASCADE, related_name="codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    address = models.CharField(_("address"), max_length=200)
    neighbourhood = models.ForeignKey(
        "maps.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")

    def __str__(self) -> str:
        return self.address
