"""Demo content: inside the municipality, marked as demo, the same for the same seed."""

import pytest

from maps.demo import generate_demo
from maps.models import Area, Centre, Greenery, PlannedWork, Playground

pytestmark = pytest.mark.django_db
LAYERS = [Playground, Greenery, PlannedWork, Centre]


@pytest.mark.parametrize("model", LAYERS, ids=lambda m: m.__name__)
def test_every_demo_feature_lies_inside_the_municipality_and_is_marked(model):
    assen = Area.objects.municipality().get()
    features = model.objects.all()
    assert features.count() > 0
    for item in features:
        assert item.is_demo
        assert "demo" in item.description.lower()
        assert assen.geom.buffer(0.00001).covers(item.geom), f"{item} lies outside Assen"


def test_priority_districts_get_an_information_centre_each():
    names = set(Centre.objects.values_list("name", flat=True))
    assert names == {f"Buurtinformatiecentrum {n}" for n in ("Lariks", "Assen-Oost", "Noorderpark")}


def test_planned_works_have_an_owner_and_a_period_that_ends_after_it_starts():
    for work in PlannedWork.objects.select_related("owner"):
        assert work.owner.name in {"Gemeente Assen", "Actium", "Vaart Welzijn"}
        assert work.end_date >= work.start_date


def test_the_same_seed_gives_the_same_demo_content():
    def fingerprint():
        return [sorted((f.name, f.geom.wkt) for f in model.objects.all()) for model in LAYERS]

    generate_demo(seed=7)
    first = fingerprint()
    generate_demo(seed=7)
    assert fingerprint() == first
    generate_demo(seed=8)
    assert fingerprint() != first
