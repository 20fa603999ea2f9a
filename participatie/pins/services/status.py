"""Staff move a pin through its public statuses; every change is kept in the public history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from participatie.pins import roles
from participatie.pins.models import (
    Pin,
)
from participatie.pins.services._common import (
    locked,
    status_record,
)
from participatie.pins.validation import (
    REASON_MAX,
    Errors,
    fail,
    text_clean,
)


def pin_set_status(*, pin: Pin, status: str, reason: str = "", by) -> Pin:
    """Staff move a pin along (acknowledged, planned, done, declined); declining needs a
    reason. Every change is appended to the public history."""
    if not roles.can_triage(by):
        raise PermissionDenied(_("Only staff can change the status of a pin."))
    errors = Errors()
    reason = text_clean(errors, "reason", reason, max_length=REASON_MAX, required=False)
    if status not in Pin.Status.values or status == Pin.Status.WITHDRAWN:
        errors.add("status", _("Choose a valid status."), "invalid_choice")
    elif status == Pin.Status.DECLINED and not reason:
        errors.add("reason", _("Explain why the pin is declined."), "required")
    errors.raise_if_any()
    with transaction.atomic():
        pin = locked(pin)
        if pin.status == Pin.Status.WITHDRAWN:
            fail("status", _("The author has withdrawn this pin."), "withdrawn")
        if pin.status == status and pin.status_reason == reason:
            return pin
        status_record(pin, status, reason, by)
    return pin
