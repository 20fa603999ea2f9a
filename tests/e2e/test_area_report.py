"""The printable area report in Chromium: its folium map draws the pins with nothing
loaded from outside this server (every other host is blocked, and none may even be
asked), the print layout leaves the site's chrome off, and axe-core finds no serious
problem. Screenshots and a PDF land in .local/artefacts/ (ignored by git)."""

from __future__ import annotations

from django.db import connection

from maps.models import Area
from tests.e2e.browser import DESKTOP, ROOT, serious_accessibility_violations
from tests.participatie.accounts.otp import session_key_for
from tests.participatie.factories import (
    StaffFactory,
    UserFactory,
    category,
    pin_create,
    point_in,
    sensitive_category,
)

ARTEFACTS = ROOT / ".local" / "artefacts"
LARIKS = "WK010601"


def open_as(pages, user, path):
    from django.conf import settings

    page = pages.new_page(viewport=DESKTOP)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_key_for(user),
                "url": pages.base_url,
            }
        ]
    )
    page.goto(path)
    return page


def visible_in_lariks(user) -> dict[str, int]:
    """Pins of Lariks the member sees, by kind, from raw columns: public ones (public,
    non-sensitive category, not hidden, not withdrawn) and the non-confidential pins of
    their own district."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.kind, count(*) FROM pins_pin p
            JOIN pins_category c ON c.id = p.category_id
            JOIN maps_area a ON a.code = %s
            WHERE ST_Intersects(p.geom, a.geom) AND NOT c.is_sensitive AND (
                (c.is_public AND NOT p.is_hidden AND p.status <> 'withdrawn')
                OR p.district_id = a.id)
            GROUP BY p.kind
            """,
            [LARIKS],
        )
        return dict(cursor.fetchall())


def test_the_area_report_draws_the_pins_with_nothing_from_elsewhere(pages, request):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    member = StaffFactory(districts=[LARIKS])
    resident = UserFactory()
    hoods = list(Area.objects.filter(parent__code=LARIKS).order_by("code"))
    for i, hood in enumerate(hoods):
        pin_create(
            resident,
            kind="idea",
            category=category("spelen"),
            title=f"Speeltuin {i}",
            geom=point_in(hood.code),
        )
        pin_create(resident, title=f"Stoep {i}", geom=point_in(hood.code))
    for i in range(5):  # enough confidential signals in one neighbourhood to be counted
        pin_create(
            resident,
            category=sensitive_category(),
            title=f"Geheim {i}",
            geom=point_in(hoods[0].code),
        )
    expected = visible_in_lariks(member)
    assert expected.get("idea", 0) >= len(hoods) and expected.get("complaint", 0) >= len(hoods)

    page = open_as(pages, member, f"/werkruimte/export/rapport/?area={LARIKS}")
    page.wait_for_selector("#report-map[data-loaded=true]")
    assert page.locator("[data-print]").is_visible()

    assert page.get_by_role("heading", level=1).inner_text() == "Lariks"
    ideas = page.locator("#report-map path.report-pin--idea")
    complaints = page.locator("#report-map path.report-pin--complaint")
    assert ideas.count() == expected["idea"]
    assert complaints.count() == expected["complaint"]
    # Drawn inside the visible map, not somewhere off-screen.
    box = page.locator("#report-map").bounding_box()
    drawn = [ideas.nth(i).bounding_box() for i in range(ideas.count())]
    assert all(
        b
        and box["x"] <= b["x"] <= box["x"] + box["width"]
        and box["y"] <= b["y"] <= box["y"] + box["height"]
        for b in drawn
    )
    # The neighbourhoods are filled by their counts, the districts outlined.
    assert (
        page.locator("#report-map path.leaflet-interactive").count() >= len(hoods) + ideas.count()
    )
    confidential = page.locator("#confidential-counts tbody tr")
    assert confidential.count() == 1
    assert "Geheim" not in page.content()
    page.screenshot(path=ARTEFACTS / "area-report.png", full_page=True)

    assert pages.blocked == [], f"asked for something elsewhere: {pages.blocked}"
    assert serious_accessibility_violations(page) == []

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("[data-print]").is_visible()
    assert page.locator("#report-map").is_visible()
    page.screenshot(path=ARTEFACTS / "area-report-print.png", full_page=True)
    page.pdf(path=ARTEFACTS / "area-report.pdf", format="A4", print_background=True)
    assert pages.blocked == []
