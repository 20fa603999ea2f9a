from maps.models.areas import Area
from maps.models.features import Centre, Greenery, PlannedWork, Playground

__all__ = ["Area", "Centre", "Greenery", "PlannedWork", "Playground"]
