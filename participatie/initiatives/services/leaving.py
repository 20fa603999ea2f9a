"""What happens to initiatives when an account is deleted (participatie/privacy/services.py).

- their drafts are deleted (nobody else has seen them);
- submitted initiatives stay (the neighbours responded to them): the organiser becomes
  unknown (SET_NULL); co-organiser links go;
- their backings are deleted: the counts of initiatives that are still open drop by one
  (a decision already made stays, and so does the moment the threshold was reached);
- their volunteer sign-ups go; their review messages stay without author."""

from __future__ import annotations

from participatie.initiatives.models import Backing, CoOrganiser, Initiative, VolunteerSignup


def person_leave(*, user) -> dict[str, int]:
    """Let go of the person before the account row is deleted; counts of what went."""
    drafts, _ = Initiative.objects.filter(organiser=user, status=Initiative.Status.DRAFT).delete()
    backings, _ = Backing.objects.filter(resident=user).delete()
    links, _ = CoOrganiser.objects.filter(user=user).delete()
    signups, _ = VolunteerSignup.objects.filter(resident=user).delete()
    return {"drafts": drafts, "backings": backings, "co_organised": links, "signups": signups}
