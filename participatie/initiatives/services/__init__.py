"""Writes of neighbourhood initiatives. Keyword-only, each owns its transaction; errors are
ValidationErrors keyed by field, and PermissionDenied when the user may not do this at all
(its message says why, e.g. which area counts for backing)."""

from participatie.initiatives.services.backing import (
    backing_create,
    volunteer_signup,
    volunteer_signup_cancel,
)
from participatie.initiatives.services.households import ImportResult, households_import
from participatie.initiatives.services.leaving import person_leave
from participatie.initiatives.services.proposals import (
    area_estimate,
    co_organiser_add,
    co_organiser_invite,
    co_organiser_join,
    co_organiser_remove,
    initiative_create,
    initiative_open_backing,
    initiative_submit,
    initiative_update,
    initiative_withdraw,
    programme_default,
)
from participatie.initiatives.services.reports import initiative_report
from participatie.initiatives.services.review import (
    allocation_draw,
    checklist_tick,
    euros,
    initiative_decide,
    question_ask,
)

__all__ = [
    "ImportResult",
    "allocation_draw",
    "area_estimate",
    "backing_create",
    "checklist_tick",
    "co_organiser_add",
    "co_organiser_invite",
    "co_organiser_join",
    "co_organiser_remove",
    "euros",
    "households_import",
    "initiative_create",
    "initiative_decide",
    "initiative_open_backing",
    "initiative_report",
    "initiative_submit",
    "initiative_update",
    "initiative_withdraw",
    "person_leave",
    "programme_default",
    "question_ask",
    "volunteer_signup",
    "volunteer_signup_cancel",
]
