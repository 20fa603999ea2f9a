"""Expected answers from raw columns, worked out in Python: never through the querysets,
filters or SQL under test.

A pin is public when its category is public and not sensitive, it is not hidden by
moderation and it is not withdrawn (the rule as the models describe it). Tile arithmetic is
the slippy-map numbering of Web Mercator, written out here from its definition.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from participatie.pins.models import Pin

HALF_WORLD = 20037508.342789244  # Web Mercator half-width in metres
MVT_EXTENT = 4096
MVT_BUFFER = 64


@dataclass(frozen=True)
class RawPin:
    id: str  # the public id: what the API, the pages and the tiles show
    pk: int
    kind: str
    status: str
    is_hidden: bool
    category: str
    category_is_public: bool
    category_is_sensitive: bool
    created_at: dt.datetime
    lon: float
    lat: float
    x: float  # the stored Web Mercator copy
    y: float
    neighbourhood_id: int | None
    author_id: int | None

    @property
    def is_public(self) -> bool:
        return (
            self.category_is_public
            and not self.category_is_sensitive
            and not self.is_hidden
            and self.status != "withdrawn"
        )

    @property
    def local_day(self) -> dt.date:
        """The calendar day the pin was created on, as residents of the municipality see it."""
        return self.created_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def raw_pins() -> list[RawPin]:
    """Every pin, read column by column (no public(), no filters)."""
    columns = {
        "id": "public_id",
        "pk": "id",
        "kind": "kind",
        "status": "status",
        "is_hidden": "is_hidden",
        "category": "category__slug",
        "category_is_public": "category__is_public",
        "category_is_sensitive": "category__is_sensitive",
        "created_at": "created_at",
        "neighbourhood_id": "neighbourhood_id",
        "author_id": "author_id",
    }
    rows = Pin.objects.order_by().values(*columns.values(), "geom", "geom_3857")
    return [
        RawPin(
            **{name: row[column] for name, column in columns.items()},
            lon=row["geom"].x,
            lat=row["geom"].y,
            x=row["geom_3857"].x,
            y=row["geom_3857"].y,
        )
        for row in rows
    ]


def public_ids(pins: list[RawPin]) -> set[str]:
    return {p.id for p in pins if p.is_public}


def private_ids(pins: list[RawPin]) -> set[str]:
    return {p.id for p in pins if not p.is_public}


# --- tiles ----------------------------------------------------------------------------


def tile_size(z: int) -> float:
    return 2 * HALF_WORLD / 2**z


def tile_of_mercator(x: float, y: float, z: int) -> tuple[int, int]:
    """The tile (x, y) at zoom z that holds a Web Mercator point (its cell's tile)."""
    n = 2**z
    return (
        math.floor((x + HALF_WORLD) / (2 * HALF_WORLD) * n),
        math.floor((HALF_WORLD - y) / (2 * HALF_WORLD) * n),
    )


def tile_of_lonlat(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return math.floor(x), math.floor(y)


def in_tile(pin: RawPin, z: int, x: int, y: int) -> bool:
    """Whether the pin counts in a cluster of tile z/x/y (cells never straddle tiles)."""
    return tile_of_mercator(pin.x, pin.y, z) == (x, y)


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 degrees to Web Mercator metres (EPSG:3857, spherical, radius 6378137 m)."""
    radius = HALF_WORLD / math.pi
    return (
        radius * math.radians(lon),
        radius * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)),
    )


def in_buffered_tile_at(mx: float, my: float, z: int, x: int, y: int) -> bool:
    """Whether a Web Mercator point belongs in tile z/x/y: inside it or its 64-pixel buffer."""
    size = tile_size(z)
    margin = size * MVT_BUFFER / MVT_EXTENT
    min_x = -HALF_WORLD + x * size
    max_y = HALF_WORLD - y * size
    return (
        min_x - margin <= mx <= min_x + size + margin
        and max_y - size - margin <= my <= max_y + margin
    )


def in_buffered_tile(pin: RawPin, z: int, x: int, y: int) -> bool:
    """Whether a pin row belongs in tile z/x/y (by its stored Web Mercator copy)."""
    return in_buffered_tile_at(pin.x, pin.y, z, x, y)
