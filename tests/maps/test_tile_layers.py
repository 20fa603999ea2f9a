"""Layers that domains register (maps.tiles.layers.register): what any layer gets served."""

import pytest

from maps.models import Centre
from maps.tiles.layers import LAYERS, TileLayer
from tests.maps.tiles import features, tile_for

pytestmark = pytest.mark.django_db


def test_a_layer_of_bare_shapes_without_properties_is_served(client, monkeypatch):
    """A layer may carry only its shapes and ids (a backdrop, an outline): its tiles hold
    each feature with its id and no properties."""
    layer = TileLayer(
        name="centre-points",
        description="Where the centres are",
        queryset=Centre.objects.all,
        properties=dict,
    )
    monkeypatch.setitem(LAYERS, layer.name, layer)
    centre = Centre.objects.first()
    z, x, y = tile_for(centre.geom.x, centre.geom.y, 15)

    response = client.get(f"/tiles/centre-points/{z}/{x}/{y}.pbf")

    assert response.status_code == 200
    found = {f["id"]: f for f in features(response.content, "centre-points")}
    assert found[centre.pk]["geometry"]["type"] == "Point"
    assert found[centre.pk]["properties"] == {}
