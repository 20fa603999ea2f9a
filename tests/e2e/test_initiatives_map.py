"""Initiatives on the main map and the yearly overview, in Chromium: each state as its own
shape (and in the legend), the layer switched off and on, a popup that links to the
initiative; the overview's table and folium map, without serious axe-core findings.
Screenshots land in test-output/."""

from __future__ import annotations

import pytest
from django.utils import timezone

from maps.models import Area
from participatie.initiatives import services
from tests.e2e.browser import screenshot, serious_accessibility_violations, wait_for_map
from tests.participatie.initiatives import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(site, settings, tmp_path):
    """In one neighbourhood: an initiative open for backing, one granted, one realised."""
    settings.MEDIA_ROOT = tmp_path
    hood = f.neighbourhood(0)
    year = timezone.localdate().year
    f.budget(hood.parent, 1_000_000, year)
    team = f.team_of(hood)
    spot = hood.geom.point_on_surface
    near = lambda dx, dy: type(spot)(spot.x + dx, spot.y + dy, srid=4326)  # noqa: E731
    backing = f.submitted(f.resident_of(hood), hood, title="Straatfeest open", location=near(0, 0))
    granted = f.reached(
        f.resident_of(hood), hood, title="Speeltuin toegekend", location=near(0.002, 0)
    )
    services.initiative_decide(initiative=granted, by=team, outcome="granted")
    realised = f.reached(
        f.resident_of(hood), hood, title="Moestuin gedaan", location=near(0, 0.0015)
    )
    services.initiative_decide(initiative=realised, by=team, outcome="granted")
    realised.refresh_from_db()
    spent = {line.pk: line.granted_cents for line in realised.budget_lines.all()}
    services.initiative_report(
        initiative=realised, by=realised.organiser, text="Gelukt", spent=spent
    )
    return {"hood": hood, "spot": spot, "year": year, "backing": backing,
            "granted": granted, "realised": realised}  # fmt: skip


def test_the_main_map_shows_the_initiatives_layer_with_its_legend(pages, scene, request):
    spot = scene["spot"]
    page = pages.open(f"/#16/{spot.y + 0.0005:.5f}/{spot.x + 0.001:.5f}")
    wait_for_map(page)
    for state in ("backing", "granted", "realised"):
        page.locator(f"#map .initiative-marker--{state}").first.wait_for()
    # Shapes, not colours alone: each state its own SVG element, the same in the legend.
    shapes = page.eval_on_selector_all(
        "#map .initiative-marker svg > *",
        "nodes => nodes.map(n => n.parentNode.getAttribute('class') + ':' + n.tagName)",
    )
    assert "initiative-symbol initiative-symbol--backing:path" in shapes
    assert "initiative-symbol initiative-symbol--realised:path" in shapes
    legend = page.locator(".legend-initiative")
    assert legend.count() == 4
    assert legend.nth(3).inner_text().strip() == "Uitgevoerd"
    serious = serious_accessibility_violations(page)
    assert not serious, "\n".join(serious)
    screenshot(page, request, "map")

    # A popup with the title and a link to the initiative's page.
    page.locator("#map .initiative-marker--realised").first.click()
    popup = page.locator(".leaflet-popup .initiative-popup")
    popup.wait_for()
    assert popup.locator("h2").inner_text() == "Moestuin gedaan"
    link = popup.locator("a").get_attribute("href")
    assert link.endswith(f"{scene['realised'].public_id}/")

    # The switch hides and shows the layer.
    switch = page.locator("#layer-initiatives")
    switch.uncheck()
    assert page.locator("#map .initiative-marker").count() == 0
    switch.check()
    page.locator("#map .initiative-marker--granted").first.wait_for()


def test_the_yearly_overview_is_accessible_and_shows_the_realised_on_its_map(pages, scene, request):
    year = scene["year"]
    district = scene["hood"].parent
    page = pages.open(f"/initiatieven/overzicht/{year}/")
    page.wait_for_selector("#overview-map[data-loaded=true]")
    row = page.locator(f'tr[data-district="{district.code}"] td')
    # Three proposed, two granted (the realised one too), one realised, € 1.600 granted.
    assert [row.nth(i).inner_text() for i in range(4)] == ["3", "2", "1", "€ 1.600,00"]
    assert (
        page.locator("#overview-map .leaflet-interactive").count()
        >= Area.objects.districts().count() + 1
    )
    serious = serious_accessibility_violations(page)
    assert not serious, "\n".join(serious)
    screenshot(page, request, "overview")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()
    assert download.value.suggested_filename == f"initiatieven-{year}.csv"
