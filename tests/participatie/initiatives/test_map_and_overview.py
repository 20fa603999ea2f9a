"""Initiatives on the map (the tile layer, its switch and legend, the area pages), the
yearly overview (figures from first principles, the CSV, the folium map) and the demo."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from maps.demo import DEMO_NOTE
from maps.models import Area
from participatie.initiatives import services
from participatie.initiatives.demo import generate_demo_initiatives
from participatie.initiatives.models import (
    Budget,
    DistrictAllocation,
    HouseholdCount,
    Initiative,
)
from tests.maps.tiles import features, tile_for
from tests.participatie.initiatives import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def hood():
    return f.neighbourhood(0)


def tile_features(api, initiative, z=15, **params):
    z, x, y = tile_for(initiative.geom.x, initiative.geom.y, z)
    response = api.get(f"/tiles/initiatives/{z}/{x}/{y}.pbf", params=params)
    assert response.status_code == 200, response.text
    return {feat["properties"]["id"]: feat for feat in features(response.content, "initiatives")}


def _grant(initiative, hood, outcome="granted", **kwargs):
    team = f.team_of(hood)
    return services.initiative_decide(initiative=initiative, by=team, outcome=outcome, **kwargs)


def test_the_tile_layer_shows_public_initiatives_by_map_state(api, hood):
    organiser = f.resident_of(hood)
    backing = f.submitted(organiser, hood, title="Open voor steun")
    draft = f.draft(organiser, hood, title="Concept", location=backing.geom)
    found = tile_features(api, backing)
    assert backing.public_id in found and draft.public_id not in found
    props = found[backing.public_id]["properties"]
    assert props["map_status"] == "backing" and props["title"] == "Open voor steun"
    assert "organiser" not in props and organiser.username not in str(found)
    assert set(tile_features(api, backing, status="realised")) == set()


def test_a_decision_shows_on_cached_tiles_at_once(api, hood, django_capture_on_commit_callbacks):
    organiser = f.resident_of(hood)
    initiative = f.reached(organiser, hood)
    f.budget(hood.parent, 1_000_000, initiative.year)
    assert tile_features(api, initiative)[initiative.public_id]["properties"]["map_status"] == (
        "backing"
    )
    with django_capture_on_commit_callbacks(execute=True):
        _grant(initiative, hood)
    shown = tile_features(api, initiative)[initiative.public_id]["properties"]
    assert shown["map_status"] == "granted" and shown["status"] == "granted"
    # Declined (and withdrawn) initiatives leave the map; the lists keep them.
    declined = f.reached(f.resident_of(hood), hood, title="Afgewezen plan")
    with django_capture_on_commit_callbacks(execute=True):
        _grant(declined, hood, outcome="declined", reason="Past niet")
    assert declined.public_id not in tile_features(api, declined)


def test_the_map_page_has_the_layer_switch_and_a_legend_of_four_shapes(api):
    response = api.get("/")
    assert response.status_code == 200
    page = response.text
    assert 'id="layer-initiatives"' in page
    for state in ("proposal", "backing", "granted", "realised"):
        assert f"legend-initiative--{state}" in page
        assert f"initiative-symbol--{state}" in page
    assert '"initiatives": {"layer": "initiatives"' in page


def test_an_area_page_lists_its_initiatives(api, hood):
    initiative = f.submitted(f.resident_of(hood), hood, title="Bloembakken in de straat")
    elsewhere = f.other_district_neighbourhood(hood)
    district_page = api.get(f"/gebieden/{hood.parent.code}/")
    assert district_page.status_code == 200
    assert "Bloembakken in de straat" in district_page.text
    assert initiative.get_absolute_url() in district_page.text
    other = api.get(f"/gebieden/{elsewhere.parent.code}/")
    assert "Bloembakken in de straat" not in other.text


@pytest.fixture
def year_scene(hood):
    """District A: one backing, one granted in full (€ 800), one partly granted (€ 600)
    and realised (€ 500 spent); district B: one backing and one draft."""
    year = timezone.localdate().year
    other = f.other_district_neighbourhood(hood)
    f.budget(hood.parent, 1_000_000, year)
    f.budget(other.parent, 200_000, year)
    f.submitted(f.resident_of(hood), hood, title="A open")
    full = f.reached(f.resident_of(hood), hood, title="A vol")
    _grant(full, hood)
    part = f.reached(f.resident_of(hood), hood, title="A deels")
    lines = list(part.budget_lines.order_by("position", "pk"))
    _grant(
        part, hood, "partly_granted", reason="Zaden niet",
        granted={lines[0].pk: 60000, lines[1].pk: 0},
    )  # fmt: skip
    part.refresh_from_db()
    services.initiative_report(
        initiative=part, by=part.organiser, text="Gedaan", spent={lines[0].pk: 50000}
    )
    f.submitted(f.resident_of(other), other, title="B open")
    f.draft(f.resident_of(other), other, title="B concept")
    return year, hood.parent, other.parent


def test_the_yearly_figures_per_district_from_first_principles(api, year_scene):
    year, a, b = year_scene
    response = api.get(f"/initiatieven/overzicht/{year}/")
    assert response.status_code == 200
    from participatie.initiatives.overview.figures import year_figures

    rows = {row.code: row for row in year_figures(year=year).districts}
    assert (rows[a.code].proposed, rows[a.code].granted, rows[a.code].realised) == (3, 2, 1)
    assert rows[a.code].granted_cents == 80000 + 60000
    assert rows[a.code].allocated_cents == 1_000_000
    assert rows[a.code].spent_cents == 50000
    assert rows[a.code].remaining_cents == 1_000_000 - 140000
    assert (rows[b.code].proposed, rows[b.code].granted, rows[b.code].realised) == (1, 0, 0)
    assert rows[b.code].remaining_cents == 200_000
    untouched = Area.objects.districts().exclude(pk__in=[a.pk, b.pk]).first()
    assert rows[untouched.code].proposed == 0 and rows[untouched.code].allocated_cents is None
    # The page shows the same: the row of district A, and one realised point on the map.
    assert f'data-district="{a.code}"' in response.text
    assert "€ 1.400,00" in response.text and "€ 8.600,00" in response.text
    assert 'data-realised="1"' in response.text
    assert "A deels" in response.text  # the realised one's tooltip on the folium map
    assert "A open" not in response.text  # only realised ones are on the map


def test_the_csv_export_holds_the_same_figures(api, year_scene):
    year, a, b = year_scene
    response = api.get(f"/initiatieven/overzicht/{year}/csv/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert f"initiatieven-{year}.csv" in response.headers["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code[a.code][4:] == ["3", "2", "1", "1400,00", "10000,00", "500,00", "8600,00"]
    assert by_code[b.code][4:] == ["1", "0", "0", "0,00", "2000,00", "0,00", "2000,00"]
    total = rows[-1]
    assert total[4:8] == ["4", "2", "1", "1400,00"]
    assert len(rows) == 1 + Area.objects.districts().count() + 1


def test_the_overview_checks_its_year(api):
    assert api.get("/initiatieven/overzicht/1999/").status_code == 404
    assert api.get("/initiatieven/overzicht/2101/csv/").status_code == 404
    current = api.get("/initiatieven/overzicht/")
    assert current.status_code == 302
    assert current.headers["Location"].endswith(f"/overzicht/{timezone.localdate().year}/")


def test_the_demo_has_every_state_spread_over_districts_and_can_run_again():
    made = generate_demo_initiatives()
    expected = {
        "draft", "backing", "review", "granted", "partly_granted", "declined", "realised",
        "withdrawn",
    }  # fmt: skip
    assert set(made) == expected
    demo = Initiative.objects.filter(description__endswith=DEMO_NOTE)
    assert demo.count() == sum(made.values())
    assert demo.values("district").distinct().count() >= 4
    assert demo.filter(district__is_priority=True).exists()
    assert HouseholdCount.objects.filter(source="voorbeeld").exists()
    budget = Budget.objects.get(year=timezone.localdate().year)
    allocations = DistrictAllocation.objects.filter(budget=budget).select_related("district")
    assert allocations.count() == Area.objects.districts().count()
    assert all(a.is_priority == a.district.is_priority for a in allocations)
    assert {a.is_priority for a in allocations} == {True, False}
    realised = demo.get(status="realised", title="Buurtbarbecue Oost")
    assert realised.report.photos.count() == 1
    # Again: the same set, and the budget granted exactly what the decisions drew.
    again = generate_demo_initiatives()
    assert again == made
    assert Initiative.objects.filter(description__endswith=DEMO_NOTE).count() == sum(made.values())
    for allocation in DistrictAllocation.objects.filter(budget=budget):
        drawn = sum(d.granted_cents for d in allocation.decisions.all())
        assert allocation.granted_cents == drawn
