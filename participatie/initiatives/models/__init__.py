from participatie.initiatives.models.backing import Backing
from participatie.initiatives.models.initiatives import (
    BudgetLine,
    CoOrganiser,
    Initiative,
    MeansRequest,
    VolunteerRole,
    VolunteerSignup,
)
from participatie.initiatives.models.programmes import (
    Budget,
    ChecklistItem,
    DistrictAllocation,
    HouseholdCount,
    Programme,
)
from participatie.initiatives.models.reports import Report, ReportPhoto
from participatie.initiatives.models.review import (
    ChecklistTick,
    Decision,
    PartnerContribution,
    ReviewQuestion,
)

__all__ = [
    "Backing",
    "Budget",
    "BudgetLine",
    "ChecklistItem",
    "ChecklistTick",
    "CoOrganiser",
    "Decision",
    "DistrictAllocation",
    "HouseholdCount",
    "Initiative",
    "MeansRequest",
    "PartnerContribution",
    "Programme",
    "Report",
    "ReportPhoto",
    "ReviewQuestion",
    "VolunteerRole",
    "VolunteerSignup",
]
