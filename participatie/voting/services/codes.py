"""Voting codes for households: generated once, handed out as a CSV for printed letters."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from maps.areas import areas_for
from participatie.voting import keys, roles
from participatie.voting.models import RedesignProject, VotingCode

MAX_CODES = 20_000


def codes_generate(*, project: RedesignProject, by, addresses) -> list[tuple[str, str]]:
    """One new code per address (an address line, optionally with a point for its
    neighbourhood: (text, Point|None)). Returns (address, code) pairs: the only time the
    codes exist in clear text; the database keeps their hashes."""
    from django.core.exceptions import ValidationError

    if not roles.can_design(by):
        raise PermissionDenied(_("Only designers can issue voting codes."))
    if project.eligibility != RedesignProject.Eligibility.CODES:
        # Codes of a residents' vote would open no ballot box and count as eligible voters.
        raise ValidationError(
            {"addresses": [_("In this project residents vote with their account, not with codes.")]}
        )
    if project.phase in (RedesignProject.Phase.CLOSED, RedesignProject.Phase.RESULT):
        raise ValidationError({"addresses": [_("Voting has closed: no more codes can be issued.")]})
    rows = []
    for entry in addresses:
        text, point = entry if isinstance(entry, tuple) else (entry, None)
        text = " ".join(str(text).split())[:200]
        if text:
            rows.append((text, point))
    if not rows:
        raise ValidationError({"addresses": [_("Give at least one address, one per line.")]})
    if project.codes.count() + len(rows) > MAX_CODES:
        raise ValidationError(
            {"addresses": [_("At most %(max)d codes per project.") % {"max": MAX_CODES}]}
        )
    issued = []
    with transaction.atomic():
        for text, point in rows:
            hood = areas_for(point)[0] if point is not None else None
            while True:  # a collision of 60-bit codes is astronomically rare; retry anyway
                code = keys.new_code()
                try:
                    with transaction.atomic():
                        VotingCode.objects.create(
                            project=project,
                            code_hash=keys.code_hash(project.pk, code),
                            address=text,
                            neighbourhood=hood,
                        )
                    break
                except IntegrityError:
                    continue
            issued.append((text, code))
    return issued
