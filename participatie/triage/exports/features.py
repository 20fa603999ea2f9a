"""The workspace's pins as GeoJSON. The export: each Feature's JSON text is built by PostGIS
(as maps/geojson.py builds whole collections), read from a server-side cursor and streamed,
so the collection is never held in memory however many pins it has. The staff API's list:
one aggregate, as the public list is, up to a limit."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from maps.geojson import feature_collection, feature_expression
from participatie.pins.models import Pin
from participatie.triage import selectors
from participatie.triage.exports.columns import feature_properties

CHUNK = 2000


def geojson_stream(pins: QuerySet) -> Iterator[bytes]:
    features = pins.annotate(
        feature=Cast(feature_expression(feature_properties(), precision=6), TextField())
    ).values_list("feature", flat=True)
    yield b'{"type":"FeatureCollection","features":['
    batch: list[str] = []
    first = True
    for feature in features.iterator(chunk_size=CHUNK):
        batch.append(feature)
        if len(batch) == CHUNK:
            yield (b"" if first else b",") + ",".join(batch).encode()
            first, batch = False, []
    if batch:
        yield (b"" if first else b",") + ",".join(batch).encode()
    yield b"]}"


def pins_geojson(pins: QuerySet, *, limit: int) -> bytes:
    """The first `limit` pins in the workspace's order (overdue first) as one
    FeatureCollection, aggregated by PostGIS: the staff API's list."""
    first = selectors.ordered_for_triage(pins).values("pk")[:limit]
    ordered = selectors.ordered_for_triage(Pin.objects.filter(pk__in=first))
    return feature_collection(ordered, feature_properties(), precision=6)
