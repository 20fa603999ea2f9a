"""Residents of the area back an initiative (or object, with a reason), once each; they
may also sign up for a volunteer role. Reaching the threshold moves the initiative to the
district's team for review and tells the organisers, exactly once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.initiatives.eligibility import backing_eligibility
from participatie.initiatives.models import Backing, Initiative, VolunteerRole, VolunteerSignup
from participatie.initiatives.services._common import (
    Errors,
    fail,
    initiative_url,
    locked,
    mail_on_commit,
    organisers_of,
    participant_check,
    text_clean,
)
from participatie.initiatives.threshold import Progress, progress

REASON_MAX = 2000
BACKING_STATUSES = (Initiative.Status.BACKING, Initiative.Status.REVIEW)


def _open_check(initiative: Initiative) -> None:
    if initiative.status in BACKING_STATUSES:
        return
    if initiative.status in (Initiative.Status.DRAFT, Initiative.Status.SUBMITTED):
        fail("initiative", _("Backing has not opened yet."), "not_open")
    if initiative.is_decided:
        fail(
            "initiative",
            _("A decision has been made: %(status)s. Backing is closed."),
            "decided",
            status=initiative.get_status_display(),
        )
    fail("initiative", _("Backing is closed: the initiative was withdrawn."), "closed")


def backing_create(
    *, initiative: Initiative, resident, response: str, reason: str = ""
) -> Progress:
    """Back (`response="back"`) or object (`"object"`, with a reason) once.

    Raises PermissionDenied with a message naming the area that counts when the resident
    does not live there (or is not signed in or verified); ValidationError on `response`,
    `reason`, or `initiative` (already responded: code already_backed; not open; decided).
    Returns the progress after this response."""
    errors = Errors()
    if response not in Backing.Response.values:
        errors.add("response", _("Choose back or object."), "invalid_choice")
    reason = text_clean(errors, "reason", reason, max_length=REASON_MAX, required=False)
    if response == Backing.Response.OBJECT and not reason and "reason" not in errors:
        errors.add("reason", _("Say why you object."), "required")
    _open_check(initiative)
    eligibility = backing_eligibility(initiative, resident)
    if not eligibility.ok:
        raise PermissionDenied(eligibility.reason)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            # The row lock orders the responses to one initiative, so the count below sees
            # every earlier one and the threshold is announced exactly once.
            initiative = locked(initiative)
            _open_check(initiative)
            Backing.objects.create(
                initiative=initiative,
                resident=resident,
                response=response,
                reason=reason if response == Backing.Response.OBJECT else "",
                neighbourhood_id=eligibility.neighbourhood_id,
            )
            state = progress(initiative)
            if state.reached and initiative.threshold_reached_at is None:
                initiative.threshold_reached_at = timezone.now()
                if initiative.status == Initiative.Status.BACKING:
                    initiative.status = Initiative.Status.REVIEW
                initiative.save(update_fields=["threshold_reached_at", "status", "updated_at"])
                mail_on_commit(
                    "threshold_reached",
                    organisers_of(initiative),
                    {
                        "title": initiative.title,
                        "url": initiative_url(initiative),
                        "backs": state.backs,
                        "needed": state.needed,
                    },
                )
    except IntegrityError:
        fail("initiative", _("You have responded to this initiative already."), "already_backed")
    return state


def volunteer_signup(*, role: VolunteerRole, resident) -> VolunteerSignup:
    """Sign up for a volunteer role of an initiative that is not closed (any verified
    resident). ValidationError on `role`: full, already signed up, closed."""
    participant_check(resident)
    initiative = role.initiative
    if initiative.status in (
        Initiative.Status.DRAFT,
        Initiative.Status.WITHDRAWN,
        Initiative.Status.DECLINED,
        Initiative.Status.REALISED,
    ):
        fail("role", _("This initiative takes no volunteers now."), "closed")
    try:
        with transaction.atomic():
            role = VolunteerRole.objects.select_for_update().get(pk=role.pk)
            if role.signups.count() >= role.count_needed:
                fail("role", _("Enough people have signed up for this role."), "full")
            return VolunteerSignup.objects.create(role=role, resident=resident)
    except IntegrityError:
        fail("role", _("You have signed up for this role already."), "already_signed_up")


def volunteer_signup_cancel(*, role: VolunteerRole, resident) -> None:
    deleted, _rows = VolunteerSignup.objects.filter(role=role, resident=resident).delete()
    if not deleted:
        fail("role", _("You have not signed up for this role."), "not_signed_up")
