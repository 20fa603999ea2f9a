from participatie.pins.models.categories import Category
from participatie.pins.models.interactions import Comment, Report, Support
from participatie.pins.models.photos import PinPhoto
from participatie.pins.models.pins import Pin, PinStatusChange

__all__ = ["Category", "Comment", "Pin", "PinPhoto", "PinStatusChange", "Report", "Support"]
