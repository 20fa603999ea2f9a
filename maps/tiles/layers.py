"""The vector-tile layers: where each layer's rows come from and which properties it carries.

Properties and filters are the GeoJSON API's (maps.selectors, the layers' FilterSets), so a
layer looks the same whichever way it is fetched. Domains register their own layers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.gis.db.models.functions import Transform
from django.db.models import Expression, QuerySet

from maps.geojson import Properties

LAYERS: dict[str, TileLayer] = {}


@dataclass(frozen=True)
class TileLayer:
    # A layer's statement is compiled once per language and filter and kept (maps.tiles.sql
    # STATEMENTS): its queryset and properties must be the same for every request, with no
    # Python-side value that changes (timezone.now(): use Now() in SQL), no request user.
    # A tile is the same for everyone: a visitor without a session gets it without the
    # session, CSRF and log-in middleware (participatie/lean.py).
    name: str
    description: str
    queryset: Callable[[], QuerySet]
    properties: Callable[[], Properties]
    filterset: type | None = None
    geom_3857: Callable[[], Expression] = field(default=lambda: Transform("geom", 3857))
    # The column whose GiST index finds a tile's rows, and its SRID.
    index_geom: str = "geom"
    index_srid: int = 4326
    minzoom: int = 0
    maxzoom: int = 22
    # Browsers revalidate with the ETag after this many seconds.
    max_age: int = 300
    # The MVT feature id (an integer column), or None: a layer whose rows must not show
    # their key carries its public identifier as a property instead.
    id_field: str | None = "pk"
    # Low zooms of dense layers come from an aggregate instead of the rows:
    # cluster(z=, x=, y=, filters=) → statement, or None for filters the aggregate cannot
    # answer (then the rows are clustered at request time).
    cluster: Callable[..., tuple[str, tuple] | None] | None = None
    # Whether a zoom level shows clusters instead of rows.
    clustered_below: int = -1
    # dense(z=, x=, y=) → whether a tile of a zoom at or above clustered_below shows
    # clusters all the same, as it holds more rows than can be told apart.
    dense: Callable[..., bool] | None = None
    # 2**cluster_grid_log2 cluster points across a tile when the rows are clustered at
    # request time: the same grid as the layer's aggregate.
    cluster_grid_log2: int = 5


def register(layer: TileLayer) -> TileLayer:
    LAYERS[layer.name] = layer
    return layer


def _register_map_layers() -> None:
    from maps import filters
    from maps.models import Area, Centre, Greenery, PlannedWork, Playground
    from maps.selectors import area_properties, layer_properties

    register(
        TileLayer(
            name="areas",
            description="Municipality, districts and neighbourhoods (CBS / Kadaster)",
            queryset=lambda: Area.objects.select_related("parent"),
            properties=area_properties,
            filterset=filters.AreaFilterSet,
            max_age=3600,
        )
    )
    for name, model, filterset, description in [
        ("playgrounds", Playground, filters.PlaygroundFilterSet, "Playgrounds"),
        ("greenery", Greenery, filters.GreeneryFilterSet, "Greenery"),
        ("planned-works", PlannedWork, filters.PlannedWorkFilterSet, "Planned works"),
        ("centres", Centre, filters.CentreFilterSet, "Neighbourhood information centres"),
    ]:
        register(
            TileLayer(
                name=name,
                description=description,
                queryset=model.objects.all,
                properties=lambda model=model: layer_properties(model),
                filterset=filterset,
            )
        )
