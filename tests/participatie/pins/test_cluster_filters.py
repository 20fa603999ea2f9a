"""Cluster tiles with every filter at once: kind, category, status and area sent together
count only the pins that pass all four. (With fewer filters sent, summing the cells of the
filtered dimensions and reading the whole-map cells can agree by chance; with all four the
whole-map cells can only give the wrong count.) Expected counts come from the raw pins."""

import pytest

from maps.models import Area
from participatie.pins import services
from tests.maps.tiles import features, tile_for
from tests.participatie.factories import StaffFactory, category, pin_create, point_in
from tests.participatie.pins.raw import in_tile, raw_pins

pytestmark = pytest.mark.django_db


def test_a_cluster_tile_with_all_four_filters_counts_the_pins_that_pass_them_all(client, resident):
    hood = Area.objects.neighbourhoods().order_by("code").first()
    other_hood = Area.objects.neighbourhoods().order_by("code").last()
    spot = point_in(hood.code)
    street = category("groen-en-bomen")
    matching = pin_create(resident, kind="idea", category=street, geom=spot)
    # Each of these fails exactly one of the four filters, in the same tile.
    pin_create(resident, kind="complaint", category=street, geom=spot)
    pin_create(resident, kind="idea", category=category("spelen"), geom=spot)
    moved_on = pin_create(resident, kind="idea", category=street, geom=spot)
    services.pin_set_status(
        pin=moved_on, status="planned", reason="Staat gepland.", by=StaffFactory()
    )
    pin_create(resident, kind="idea", category=street, geom=point_in(other_hood.code))

    for z in (6, 8, 10, 12):
        _, x, y = tile_for(matching.geom.x, matching.geom.y, z)
        public = [p for p in raw_pins() if p.is_public and in_tile(p, z, x, y)]
        expected = sum(
            1
            for p in public
            if p.kind == "idea"
            and p.category == street.slug
            and p.status == "new"
            and p.neighbourhood_id == hood.pk
        )
        assert expected >= 1
        assert len(public) > expected  # the filters leave pins of this tile out

        response = client.get(
            f"/tiles/pins/{z}/{x}/{y}.pbf",
            {"kind": "idea", "category": street.slug, "status": "new", "area": hood.code},
        )

        assert response.status_code == 200
        clusters = [f for f in features(response.content, "pins") if f["properties"].get("cluster")]
        assert sum(f["properties"]["count"] for f in clusters) == expected, z
