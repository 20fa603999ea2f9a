"""The real Assen geography as loaded by `load_assen` (session data, see tests/conftest.py)."""

import io

import pytest
from django.contrib.gis.db.models.functions import Area as AreaSize
from django.core.management import call_command

from maps.models import Area

pytestmark = pytest.mark.django_db


def test_assen_has_one_municipality_ten_districts_and_109_neighbourhoods():
    assert Area.objects.municipality().get().name == "Assen"
    assert Area.objects.districts().count() == 10
    assert Area.objects.neighbourhoods().count() == 109
    assert set(Area.objects.districts().values_list("code", flat=True)) == {
        f"WK0106{n:02d}" for n in [0, 1, 2, 3, 4, 5, 6, 7, 8, 99]
    }


def test_every_neighbourhood_lies_in_its_district():
    for hood in Area.objects.neighbourhoods().select_related("parent"):
        assert hood.parent.level == "district"
        assert hood.code[2:8] == hood.parent.code[2:8]
        # Generalised boundaries: allow for the last decimals of shared edges.
        inside = hood.geom.intersection(hood.parent.geom).area / hood.geom.area
        assert inside > 0.999, f"{hood.code} only {inside:.3%} inside {hood.parent.code}"


def test_priority_districts_are_lariks_assen_oost_and_noorderpark():
    flagged = set(Area.objects.districts().filter(is_priority=True).values_list("name", flat=True))
    assert flagged == {"Lariks", "Assen-Oost", "Noorderpark"}


def test_areas_keep_their_cbs_attribution():
    assert all(
        "CBS / Kadaster" in source for source in Area.objects.values_list("source", flat=True)
    )


def test_loading_assen_again_changes_no_counts_and_keeps_ids():
    before = dict(Area.objects.values_list("code", "pk"))
    out = io.StringIO()
    call_command("load_assen", stdout=out)
    assert dict(Area.objects.values_list("code", "pk")) == before
    assert "0 created" in out.getvalue()


def test_neighbourhood_areas_add_up_to_the_municipality():
    total = sum(a.size.sq_m for a in Area.objects.neighbourhoods().annotate(size=AreaSize("geom")))
    municipality = Area.objects.municipality().annotate(size=AreaSize("geom")).get()
    assert total == pytest.approx(municipality.size.sq_m, rel=0.01)
