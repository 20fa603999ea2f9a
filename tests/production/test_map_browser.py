"""The map page in Chromium against the production server (gunicorn, manifest static files,
compressed as whitenoise serves them), with a cold browser cache and the demo data: every
layer comes from tiles or a bounded request, the first visit stays small, the page works
without the base map, and Leaflet is one shared file that a second kind of page reuses."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from maps.models import Area
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP

pytestmark = pytest.mark.django_db
# Playwright's sync API runs an event loop in the test thread; the ORM calls of the tests
# themselves are still synchronous (as in tests/e2e/conftest.py).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The whole first visit to the map page, as sent over the wire (headers and bodies).
FIRST_VISIT_LIMIT = 250 * 1024
# Leaflet's own build announces its version in the code; no other file carries it.
LEAFLET_MARK = b'"1.9.4"'


# The lists without pages (the redesign projects: a few street outlines) are bounded by
# the box alone; the others need a limit too.
UNPAGED = {"redesign"}


def _list_endpoints() -> dict[str, str]:
    """The GeoJSON lists of the public API that a map page could ask for a whole layer."""
    names = ["area", "playground", "greenery", "plannedwork", "centre", "pin", "redesign"]
    return {reverse(f"v1:public:{name}-list"): name for name in names}


def unbounded_list_requests(urls: list[str]) -> list[str]:
    """Requests for a whole layer: a list endpoint asked without both a box and a limit
    (without a box, for a list that has no pages)."""
    endpoints = _list_endpoints()
    found = []
    for url in urls:
        parts = urlsplit(url)
        if parts.path not in endpoints:
            continue
        query = parse_qs(parts.query)
        bounded = query.get("bbox") and (endpoints[parts.path] in UNPAGED or query.get("limit"))
        if not bounded:
            found.append(url)
    return found


class Visit:
    """Everything a page asked for: URL, status, and bytes on the wire (headers + body as
    sent, i.e. compressed where the server compresses)."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.responses = []
        self.aborted = []
        page.route("**/*", self._guard)
        page.on("requestfinished", self._finished)

    def _guard(self, route):
        if route.request.url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.aborted.append(route.request.url)
            route.abort()

    def _finished(self, request):
        response = request.response()
        sizes = request.sizes()
        self.responses.append(
            {
                "url": request.url,
                "status": response.status if response else None,
                "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                "body": response.body() if response and request.url.endswith(".js") else b"",
            }
        )

    @property
    def urls(self) -> list[str]:
        return [r["url"] for r in self.responses]

    def total(self) -> int:
        return sum(r["bytes"] for r in self.responses)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/setup.sh --with-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_map(chromium, production):
    context = chromium.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    visit = Visit(page, production.url)
    page.goto(production.url + "/")
    page.wait_for_selector("#map[data-loaded=true]", timeout=30_000)
    page.wait_for_function(
        "() => window.participatieMap && window.participatieMap.pinsDrawnAt", timeout=30_000
    )
    # The list beside the map (a bounded request) is part of the first visit too.
    page.wait_for_selector("#pin-list[data-loaded=true]", timeout=30_000)
    page.wait_for_load_state("networkidle")
    return context, page, visit, errors


def bundle_named(url: str, name: str) -> bool:
    """Whether `url` is the page bundle dist/<name>.js (hashed in production)."""
    path = urlsplit(url).path
    return path.startswith(f"/static/dist/{name}.") and path.endswith(".js")


def district_ids(page) -> set[str]:
    ids = page.eval_on_selector_all(
        "#map path.area--district", "paths => paths.map(p => p.dataset.id)"
    )
    return set(ids)


def test_the_map_page_asks_for_no_whole_layer_stays_small_and_works_without_base_map(
    chromium, production
):
    context, page, visit, errors = open_map(chromium, production)
    try:
        assert not errors, errors
        assert all(r["status"] in (200, 204, 304) for r in visit.responses), [
            (r["url"], r["status"]) for r in visit.responses if r["status"] not in (200, 204, 304)
        ]
        # Areas and the public-space layers came as tiles; the only list is the bounded one
        # beside the map.
        assert unbounded_list_requests(visit.urls) == []
        tiles = {urlsplit(u).path.split("/")[2] for u in visit.urls if "/tiles/" in u}
        assert {"pins", "areas", "playgrounds", "greenery", "planned-works", "centres"} <= tiles
        for name in ("pin", "redesign"):
            assert any(
                urlsplit(u).path == reverse(f"v1:public:{name}-list") and "bbox=" in u
                for u in visit.urls
            ), name

        # The base map is unreachable here (every other host is refused), and the page still
        # draws the districts (each once, whatever tiles cut them into), pins and markers.
        assert visit.aborted, "the base map was never asked for"
        expected = set(
            Area.objects.districts()
            .filter(parent__level="municipality")
            .values_list("pk", flat=True)
        )
        assert len(expected) == 10
        assert district_ids(page) == {str(pk) for pk in expected}
        assert page.locator("#map .area-label").count() == 10
        assert page.locator("#map img.marker--playground").count() > 0
        assert page.locator("#map path.greenery").count() > 0

        total = visit.total()
        print(f"first visit to /: {len(visit.responses)} responses, {total / 1024:.1f} KB")
        heaviest = sorted(visit.responses, key=lambda r: -r["bytes"])[:8]
        assert total <= FIRST_VISIT_LIMIT, (
            f"first visit {total / 1024:.0f} KB; heaviest: "
            + ", ".join(f"{r['url']} {r['bytes'] / 1024:.1f} KB" for r in heaviest)
        )
    finally:
        context.close()


def test_leaflet_is_one_file_that_the_area_page_takes_from_the_map_page(chromium, start_server):
    """Without request interception (Playwright turns the HTTP cache off for it): the base
    map points at a closed local port instead, so nothing leaves the machine."""
    server = start_server(BASEMAP_URL="http://127.0.0.1:9/{z}/{x}/{y}.png")
    area = Area.objects.neighbourhoods().order_by("code").first()
    context = chromium.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    errors, finished = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfinished", lambda request: finished.append(request))

    def scripts(requests):
        found = []
        for request in requests:
            path = urlsplit(request.url).path
            if path.endswith(".js") and path.startswith("/static/dist/"):
                body = request.response().body()
                found.append((request.url, request.sizes()["responseBodySize"], body))
        return found

    try:
        page.goto(server.url + "/")
        page.wait_for_selector("#map[data-loaded=true]", timeout=30_000)
        page.wait_for_load_state("networkidle")
        first = scripts(finished)
        with_leaflet = [(url, size) for url, size, body in first if LEAFLET_MARK in body]
        assert len(with_leaflet) == 1, with_leaflet
        leaflet_url, leaflet_size = with_leaflet[0]
        assert "/static/dist/chunks/" in leaflet_url
        assert leaflet_size > 20_000  # downloaded now, compressed
        assert [url for url, _, body in first if bundle_named(url, "map")]

        # Another kind of page: its bundle imports the same chunk, and the browser takes it
        # from its cache (the hashed name is cached for good).
        finished.clear()
        page.goto(server.url + reverse("area-detail", args=[area.code]))
        page.wait_for_selector("#area-map[data-loaded=true]", timeout=30_000)
        page.wait_for_load_state("networkidle")
        second = scripts(finished)
        area_bundle = [body for url, _, body in second if bundle_named(url, "area")]
        assert len(area_bundle) == 1 and LEAFLET_MARK not in area_bundle[0]
        assert leaflet_url.split("/")[-1].encode() in area_bundle[0]
        downloaded_again = [
            (url, size) for url, size, _ in second if url == leaflet_url and size > 1024
        ]
        assert downloaded_again == []
        assert not errors, errors
    finally:
        context.close()
