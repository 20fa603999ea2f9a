"""Casting a vote: one ballot per eligible voter, enforced by the database (a unique
Participation per voter key) also under concurrent submission."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from participatie.voting import keys
from participatie.voting.eligibility import resident_eligibility
from participatie.voting.models import Ballot, Participation, RedesignProject, VotingCode


@dataclass(frozen=True)
class VoteReceipt:
    receipt: str
    changed: bool


def _fail(field: str, message, code: str):
    raise ValidationError({field: [ValidationError(message, code=code)]})


def _choices_clean(project: RedesignProject, option_ids) -> list[int]:
    try:
        chosen = sorted({int(pk) for pk in option_ids})
    except (TypeError, ValueError):
        _fail("choices", _("Choose one of the options."), "invalid_choice")
    valid = set(project.options.values_list("pk", flat=True))
    if not chosen or not set(chosen) <= valid:
        _fail("choices", _("Choose one of the options."), "invalid_choice")
    if project.method == RedesignProject.Method.SINGLE and len(chosen) != 1:
        _fail("choices", _("Choose exactly one option."), "one_choice")
    return chosen


def _still_open(project: RedesignProject) -> None:
    """Checked again once the ballot is written (after any wait for the sealing lock, see
    services/seal.py): a vote that reaches the database after closing is rolled back."""
    if not RedesignProject.objects.voting_open().filter(pk=project.pk).exists():
        _fail("project", _("Voting has closed."), "closed")


def vote_cast(
    *, project: RedesignProject, option_ids, user=None, code: str | None = None
) -> VoteReceipt:
    """Cast (or, where the project allows it, change) a ballot: as a verified resident of the
    area (`user`) or with a household's voting code (`code`, no account needed)."""
    if project.phase != RedesignProject.Phase.VOTING:
        if project.phase in (RedesignProject.Phase.DRAFT, RedesignProject.Phase.CONSULTATION):
            _fail("project", _("Voting has not opened yet."), "not_open")
        _fail("project", _("Voting has closed."), "closed")
    chosen = _choices_clean(project, option_ids)
    if project.eligibility == RedesignProject.Eligibility.CODES:
        if not code:
            _fail("code", _("Enter the voting code from your letter."), "required")
        identity = keys.code_identity(code)
        voting_code = VotingCode.objects.filter(
            project=project, code_hash=keys.code_hash(project.pk, code)
        ).first()
        if voting_code is None:
            _fail(
                "code", _("This voting code is unknown. Check it against your letter."), "unknown"
            )
        neighbourhood_id = voting_code.neighbourhood_id
    else:
        eligibility = resident_eligibility(project, user)
        if not eligibility.ok:
            raise PermissionDenied(eligibility.reason)
        identity = keys.resident_identity(user)
        neighbourhood_id = eligibility.neighbourhood_id
        voting_code = None

    receipt = keys.new_receipt()
    change = keys.change_key(project.pk, identity) if project.allow_vote_change else None
    ballot = Ballot(
        project=project,
        choices=chosen,
        neighbourhood_id=neighbourhood_id,
        receipt_hash=keys.receipt_hash(receipt),
        change_key=change,
        version=project.version,
    )
    try:
        with transaction.atomic():
            Participation.objects.create(
                project=project, voter_key=keys.voter_key(project.pk, identity)
            )
            ballot.save(force_insert=True)
            _still_open(project)
            # The code's row (with the household's address) is deliberately not touched:
            # a row written in the ballot's transaction carries the same transaction id
            # (xmin), which would tie the address to the choice for anyone reading the
            # tables (docs/voting.md). The Participation refuses a second use.
        return VoteReceipt(receipt=receipt, changed=False)
    except IntegrityError:
        pass  # this voter has voted already
    if change is None:
        if voting_code is not None:
            _fail("code", _("This voting code has been used already."), "used")
        _fail("project", _("You have voted already."), "already_voted")
    with transaction.atomic():
        # Replace the voter's ballot; the lock keeps two changes at once from both landing.
        Participation.objects.select_for_update().get(
            project=project, voter_key=keys.voter_key(project.pk, identity)
        )
        Ballot.objects.filter(project=project, change_key=change).delete()
        ballot.save(force_insert=True)
        _still_open(project)
    return VoteReceipt(receipt=receipt, changed=True)
