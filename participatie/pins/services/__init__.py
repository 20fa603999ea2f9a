"""Writes on pins. Every change goes through here: these functions own the transactions and
the invariants (a pin lies inside the municipality, one support per resident per pin,
counters and the public status history stay in step with the rows they count).

Errors are Django ValidationErrors keyed by the argument they are about, and
PermissionDenied when the user may not do this at all.

Supporting your own pin is refused: the author's support is implied by posting it, and a
support count should say how many *other* residents stand behind an idea (it will feed
thresholds relative to a neighbourhood's population).
"""

from participatie.pins.services.authoring import pin_create, pin_update, pin_withdraw
from participatie.pins.services.handling import note_add, pin_assign, pin_route, pin_set_status
from participatie.pins.services.leaving import (
    Departure,
    author_leave,
    confidential_expired,
    confidential_retention_apply,
)
from participatie.pins.services.moderation import (
    category_save,
    comment_hide,
    comment_restore,
    pin_correct,
    pin_delete,
    pin_hide,
    pin_restore,
)
from participatie.pins.services.participation import (
    comment_create,
    report_create,
    support_add,
    support_remove,
)

__all__ = [
    "Departure",
    "author_leave",
    "confidential_expired",
    "confidential_retention_apply",
    "category_save",
    "comment_create",
    "comment_hide",
    "comment_restore",
    "pin_correct",
    "pin_create",
    "pin_delete",
    "pin_hide",
    "pin_restore",
    "note_add",
    "pin_assign",
    "pin_route",
    "pin_set_status",
    "pin_update",
    "pin_withdraw",
    "report_create",
    "support_add",
    "support_remove",
]
