"""Reference categories and demo pins load idempotently and keep private things private."""

import io
import json

import pytest
from django.core.management import call_command

from maps.models import Area
from participatie.pins.demo import generate_demo_pins
from participatie.pins.models import Category, Pin

pytestmark = pytest.mark.django_db


def test_categories_load_idempotently_with_sensitive_ones_private():
    before = Category.objects.count()
    call_command("load_categories", stdout=io.StringIO())
    assert Category.objects.count() == before >= 12
    for slug in ("eenzaamheid", "geldzorgen", "overlast-tussen-buren"):
        category = Category.objects.get(slug=slug)
        assert category.is_sensitive and not category.is_public
        assert category.default_partner.slug == "vaart-welzijn"
    assert Category.objects.get(slug="woning").default_partner.slug == "actium"


def test_a_file_cannot_make_a_sensitive_category_public(tmp_path):
    path = tmp_path / "categories.json"
    item = {"slug": "schulden", "name": "Schulden", "is_public": True, "is_sensitive": True}
    path.write_text(json.dumps({"categories": [item]}))
    call_command("load_categories", "--file", str(path), stdout=io.StringIO())
    category = Category.objects.get(slug="schulden")
    assert category.is_sensitive and not category.is_public


def test_demo_pins_lie_in_their_neighbourhood_and_are_marked():
    assen = Area.objects.municipality().get().geom
    demo = Pin.objects.filter(is_demo=True).select_related("neighbourhood", "category")
    assert 250 <= demo.count() <= 350
    for pin in demo:
        assert assen.covers(pin.geom)
        assert pin.neighbourhood.geom.buffer(0.00001).covers(pin.geom)
        assert "demo" in pin.description.lower()
    assert demo.filter(category__is_sensitive=True).exists()
    assert demo.filter(support_count__gt=0).exists() and demo.filter(comment_count__gt=0).exists()
    for pin in demo.filter(support_count__gt=0)[:20]:
        assert pin.supports.count() == pin.support_count
        assert not pin.supports.filter(user=pin.author).exists()
    assert not demo.filter(category__is_sensitive=True, support_count__gt=0).exists()


def test_demo_pins_are_the_same_for_the_same_seed_and_load_once():
    def fingerprint():
        rows = Pin.objects.filter(is_demo=True).values_list(
            "title", "category__slug", "status", "geom"
        )
        return sorted((*row[:3], row[3].wkt) for row in rows)

    generate_demo_pins(seed=7)
    first = fingerprint()
    generate_demo_pins(seed=7)
    assert fingerprint() == first
    out = io.StringIO()
    call_command("load_demo_pins", stdout=out)
    assert "present" in out.getvalue()
    assert fingerprint() == first
