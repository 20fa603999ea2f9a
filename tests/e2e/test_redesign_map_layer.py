"""The redesign projects on the main map come from a bounded request: the projects around
the view (the view's box, padded), asked again when the map moves out of the box loaded."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.gis.geos import LineString
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browser import wait_for_map
from tests.participatie.voting.factories import ProjectFactory, neighbourhood

pytestmark = pytest.mark.django_db(transaction=True)

# At zoom 16 a 1280-px-wide view of Assen spans about 0.028° of longitude; with half a
# view of padding on each side the box loaded is about 0.056° wide. A street 0.08° east
# (about 5 km) lies well outside it.
ZOOM = 16
FAR = 0.08


def street_at(lon: float, lat: float) -> LineString:
    return LineString((lon - 0.0003, lat), (lon + 0.0003, lat), srid=4326)


def boxes_asked(urls: list[str]) -> list[tuple[float, ...]]:
    path = reverse("v1:public:redesign-list")
    asked = []
    for url in urls:
        parts = urlsplit(url)
        if parts.path == path:
            (bbox,) = parse_qs(parts.query)["bbox"]  # fails on a request without a box
            asked.append(tuple(float(v) for v in bbox.split(",")))
    return asked


def label(page, title: str):
    return page.locator("#map .redesign-label", has_text=title)


def test_the_map_loads_the_projects_around_the_view_and_again_after_a_move(pages):
    hood = neighbourhood(index=0)
    spot = hood.geom.point_on_surface
    lon, lat = spot.x, spot.y
    near = ProjectFactory(title="Herinrichting Dichtbij", phase="voting", geom=street_at(lon, lat))
    far = ProjectFactory(
        title="Herinrichting Veraf",
        phase="consultation",
        geom=street_at(lon + FAR, lat),
        eligible_areas=[hood],
    )
    ProjectFactory(title="Herinrichting Concept", phase="draft", geom=street_at(lon, lat + 1e-4))

    page = pages.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(f"/#{ZOOM}/{lat}/{lon}")
    wait_for_map(page)

    # The project in view, with its "vote now" label; not the one 5 km away, nor the draft.
    expect(label(page, f"Stem nu: {near.title}")).to_have_count(1)
    assert "redesign-label--voting" in label(page, near.title).get_attribute("class")
    (first,) = boxes_asked(urls)
    west, south, east, north = first
    assert west < lon < east and south < lat < north
    assert east < lon + FAR
    assert label(page, far.title).count() == 0
    assert label(page, "Concept").count() == 0

    # A small move stays inside the box loaded: no request. A move to the far street
    # asks for the box around it, which no longer holds the near one.
    move = "([lat, lon]) => window.participatieMap.map.setView([lat, lon], 16, {animate: false})"
    page.evaluate(move, [lat, lon + 0.002])
    page.evaluate(move, [lat, lon + FAR])
    expect(label(page, far.title)).to_have_count(1)
    expect(label(page, near.title)).to_have_count(0)
    assert len(boxes_asked(urls)) == 2
    west, south, east, north = boxes_asked(urls)[1]
    assert west < lon + FAR < east and west > lon

    # Back again: the near project is there once more, with a popup that links to it.
    page.evaluate(move, [lat, lon])
    expect(label(page, near.title)).to_have_count(1)
    expect(label(page, far.title)).to_have_count(0)
    assert len(boxes_asked(urls)) == 3
    page.locator("#map path.redesign-outline--voting").first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content", has_text=near.title)
    expect(popup).to_be_visible()
    assert popup.locator(f"a[href$='/herinrichting/{near.slug}/']").count() == 1
