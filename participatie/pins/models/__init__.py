from participatie.pins.models.categories import Category
from participatie.pins.models.interactions import Comment, Report, Support
from participatie.pins.models.photos import PinPhoto
from participatie.pins.models.pins import (
    OPEN_STATUSES,
    PUBLIC_STATUS_CHOICES,
    Pin,
    PinEvent,
    PinNote,
    PinStatusChange,
)

__all__ = [
    "OPEN_STATUSES",
    "PUBLIC_STATUS_CHOICES",
    "Category",
    "Comment",
    "Pin",
    "PinEvent",
    "PinNote",
    "PinPhoto",
    "PinStatusChange",
    "Report",
    "Support",
]
