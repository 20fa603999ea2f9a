"""With the tile cache on, a cached tile answers only the filter it was made for: another
value of the same parameter is another entry, while the same values in another order or
repeated are the same one."""

import pytest
from django.conf import settings

from tests.maps.tiles import features
from tests.participatie.factories import UserFactory, pin_create, point_in
from tests.participatie.pins.raw import tile_of_lonlat

pytestmark = pytest.mark.django_db
Z = 16


def ids(client, path: str, query: str) -> set[str]:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    return {f["properties"]["id"] for f in features(response.content, "pins")}


def test_each_filter_value_gets_its_own_cached_tile(client):
    assert settings.TILE_CACHE
    resident = UserFactory()
    spot = point_in("BU01060303")
    idea = pin_create(resident, kind="idea", title="Idee hier", geom=spot).public_id
    complaint = pin_create(resident, kind="complaint", title="Klacht hier", geom=spot).public_id
    x, y = tile_of_lonlat(spot.x, spot.y, Z)
    path = f"/tiles/pins/{Z}/{x}/{y}.pbf"

    for _ in range(2):  # rendered and cached, then from the cache
        assert idea in ids(client, path, "kind=idea")
        assert complaint not in ids(client, path, "kind=idea")
        assert complaint in ids(client, path, "kind=complaint")
        assert idea not in ids(client, path, "kind=complaint")
        assert ids(client, path, "kind=idea&kind=complaint") == ids(
            client, path, "kind=complaint&kind=idea&kind=idea"
        )
        assert {idea, complaint} <= ids(client, path, "kind=complaint&kind=idea")
