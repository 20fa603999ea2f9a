"""Names are data, never markup: an area, a feature, a partner, a pin, a redesign or a
display name written as HTML shows as that text on every page, and runs nothing.

Two kinds of hostile name: an image whose error handler runs script, and a script element
that closes an attribute first. The Content-Security-Policy would block either one; these
tests check the escaping itself (no such element ever reaches the page, the name reads as
typed) and that the policy has nothing to report.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from maps.models import Area, Centre, Greenery, PlannedWork, Playground
from maps.partners.models import Partner
from participatie.pins import services
from participatie.voting.models import ProjectComment
from tests.e2e.browser import wait_for_map
from tests.participatie.factories import StaffFactory, UserFactory, pin_create, point_in
from tests.participatie.voting.factories import ProjectFactory, options_of

IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = '"><script>window.__pwned=1</script>'
CSP_MARK = "Content Security Policy"

# Records what the page's policy refused, before any of the page's own scripts run.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def watch(page) -> list[str]:
    """The page's console messages about the Content-Security-Policy (Chromium reports each
    refused script, style or image there)."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: messages.append(message.text) if CSP_MARK in message.text else None,
    )
    page.add_init_script(WATCH_CSP)
    return messages


def assert_inert(page, messages: list[str]):
    """No hostile element was ever created, nothing ran, the policy refused nothing."""
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
    # No injected script element, and no script with a name unescaped in its text (the
    # JSON of json_script and folium's data have "<" escaped).
    injected = page.evaluate(
        """[...document.scripts].filter((s) => s.textContent.trim() === 'window.__pwned=1'
            || s.textContent.includes('<img src=x') || s.textContent.includes('<script>')
        ).length"""
    )
    assert injected == 0
    assert page.evaluate("window.__csp") == []
    assert messages == []


@pytest.fixture
def hostile(site):
    """Hostile names on one of each kind of thing (the only one of its kind where the map
    must be clicked, so the test knows which shape to click)."""
    for area in Area.objects.exclude(level="municipality"):
        area.name = f"{IMG}{area.name}{SCRIPT}"[:120]
        area.save(update_fields=["name"])
    actium = Partner.objects.get(slug="actium")
    actium.name = f"Actium {IMG}"
    actium.save(update_fields=["name"])

    playground = Playground.objects.order_by("pk").first()
    Playground.objects.exclude(pk=playground.pk).delete()
    Playground.objects.filter(pk=playground.pk).update(name=f"Speeltuin {IMG}{SCRIPT}")
    green = Greenery.objects.order_by("pk").first()
    Greenery.objects.exclude(pk=green.pk).delete()
    Greenery.objects.filter(pk=green.pk).update(name=f"Park {SCRIPT}", description=IMG)
    work = PlannedWork.objects.order_by("pk").first()
    PlannedWork.objects.exclude(pk=work.pk).delete()
    today = dt.date.today()
    PlannedWork.objects.filter(pk=work.pk).update(
        name=f"Riolering {IMG}",
        description=SCRIPT,
        owner=actium,
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=60),
    )
    centre = Centre.objects.order_by("pk").first()
    Centre.objects.exclude(pk=centre.pk).delete()
    Centre.objects.filter(pk=centre.pk).update(
        name=f"Buurthuis {SCRIPT}", address=IMG, website="javascript:window.__pwned=1"
    )

    resident = UserFactory(display_name=IMG)
    other = UserFactory(display_name=SCRIPT)
    neighbourhood_spot = point_in()
    pin = pin_create(resident, title=f"Losse tegel {IMG}", geom=neighbourhood_spot)
    staff = StaffFactory(display_name="Anna", partner=actium)
    services.comment_create(pin=pin, author=other, body=f"Eens {SCRIPT}")
    services.comment_create(pin=pin, author=staff, body="We kijken ernaar.")

    project = ProjectFactory(phase="voting", title=f"Plein {IMG}")
    first, second = options_of(project)
    first.title = f"Ontwerp {SCRIPT}"
    first.save(update_fields=["title"])
    second.title = f"Ontwerp {IMG}"
    second.save(update_fields=["title"])
    ProjectComment.objects.create(project=project, author=resident, body="Mooi")
    return {
        "pin": pin,
        "project": project,
        "staff": staff,
        "area": Area.objects.neighbourhoods().containing(neighbourhood_spot).get(),
        "playground": f"Speeltuin {IMG}{SCRIPT}",
        "green": f"Park {SCRIPT}",
        "work": f"Riolering {IMG}",
        "centre": f"Buurthuis {SCRIPT}",
    }


def open_popup(page, selector: str, text: str):
    """Click the one shape or marker of a layer and wait for its popup to show `text`."""
    page.locator(selector).first.dispatch_event("click")
    # The popup closed before may still be fading out: the one with the text.
    popup = page.locator(".leaflet-popup-content", has_text=text).last
    expect(popup).to_be_visible()
    return popup


def test_hostile_names_show_as_text_on_the_map_with_every_layer_and_popup(pages, hostile):
    page = pages.new_page()
    messages = watch(page)
    page.goto("/")
    wait_for_map(page)
    for box in page.locator("input[name=layer]").all():
        box.check()
    page.wait_for_selector("#map path.area--neighbourhood", state="attached")
    page.wait_for_selector("#map path.redesign-outline", state="attached")

    # District labels (permanent tooltips) and the redesign's label.
    labels = page.locator("#map .area-label")
    expect(labels.first).to_contain_text(IMG)
    expect(labels.first).to_contain_text(SCRIPT)
    label = page.locator("#map .redesign-label", has_text=f"Plein {IMG}")
    expect(label).to_have_count(1)
    street = f'#map path[aria-describedby="{label.get_attribute("id")}"]'

    open_popup(page, "#map img.marker--playground", hostile["playground"])
    open_popup(page, "#map path.greenery", hostile["green"])
    popup = open_popup(page, "#map path.work", hostile["work"])
    expect(popup).to_contain_text(f"Actium {IMG}")  # the owner, a partner
    expect(popup).to_contain_text(SCRIPT)  # the description
    popup = open_popup(page, "#map img.marker--centre", hostile["centre"])
    expect(popup).to_contain_text(IMG)  # the address
    # A `javascript:` website is shown as text, not as a link.
    assert popup.locator("a[href^='javascript']").count() == 0
    open_popup(page, "#map path.area--district", IMG)
    open_popup(page, "#map path.area--neighbourhood", SCRIPT)
    open_popup(page, street, f"Plein {IMG}")
    assert_inert(page, messages)


def test_hostile_names_show_as_text_on_the_area_pin_and_redesign_pages(pages, hostile):
    page = pages.new_page()
    messages = watch(page)

    page.goto(f"/gebieden/{hostile['area'].code}/")
    wait_for_map(page, "#area-map")
    expect(page.locator("h1")).to_contain_text(IMG)
    expect(page.locator("h1")).to_contain_text(SCRIPT)
    assert_inert(page, messages)

    page.goto(hostile["pin"].get_absolute_url())
    expect(page.locator("h1")).to_contain_text(f"Losse tegel {IMG}")
    comments = page.locator(".comment")
    expect(comments.nth(0)).to_contain_text(SCRIPT)  # the display name and the body
    expect(comments.nth(1).locator(".staff-badge")).to_contain_text(f"Wijkteam · Actium {IMG}")
    assert_inert(page, messages)

    page.goto(f"/herinrichting/{hostile['project'].slug}/")
    wait_for_map(page, "#redesign-map")
    expect(page.locator("h1")).to_contain_text(f"Plein {IMG}")
    expect(page.locator("main")).to_contain_text(f"Ontwerp {SCRIPT}")
    expect(page.locator("main")).to_contain_text(f"Ontwerp {IMG}")
    assert_inert(page, messages)

    page.goto("/herinrichting/")
    expect(page.locator("main")).to_contain_text(f"Plein {IMG}")
    assert_inert(page, messages)


def test_hostile_names_show_as_text_in_the_workspace(pages, hostile):
    page = pages.new_page(user=hostile["staff"])
    messages = watch(page)
    page.goto("/werkruimte/?q=Losse+tegel")
    page.wait_for_selector("#workspace-map[data-loaded=true]")
    page.wait_for_selector("#workspace-results[data-state=ready]")
    expect(page.locator("#workspace-results")).to_contain_text(f"Losse tegel {IMG}")
    # A neighbourhood's count as a tooltip on its shape.
    shape = page.locator("#workspace-map .leaflet-choropleth-pane path").first
    shape.dispatch_event("mouseover")
    expect(page.locator("#workspace-map .leaflet-tooltip")).to_contain_text(IMG)
    assert_inert(page, messages)

    page.goto(f"/werkruimte/meldingen/{hostile['pin'].pk}/")
    expect(page.locator("h1")).to_contain_text(f"Losse tegel {IMG}")
    assert_inert(page, messages)


def test_the_main_pages_report_no_policy_violation(pages, hostile):
    """Every script and style the pages need is allowed by the policy: Chromium logs
    nothing on the map, the pin form, the area report, the admin's map and the API docs."""
    from tests.participatie.factories import AdminFactory

    resident = UserFactory()
    page = pages.new_page(user=resident)
    messages = watch(page)
    page.goto("/meldingen/nieuw/")
    page.wait_for_selector("#picker-map[data-loaded=true]")
    assert_inert(page, messages)

    staff = pages.new_page(user=hostile["staff"])
    staff_messages = watch(staff)
    staff.goto("/werkruimte/export/rapport/")
    staff.wait_for_selector("#report-map[data-loaded=true]")
    expect(staff.locator("#report-map .leaflet-interactive").first).to_be_attached()
    assert_inert(staff, staff_messages)

    admin = pages.new_page(user=AdminFactory(is_superuser=True))
    admin_messages = watch(admin)
    playground = Playground.objects.get()
    admin.goto(f"/admin/maps/playground/{playground.pk}/change/")
    # OpenLayers drew the widget's map from the JSON options.
    admin.wait_for_selector("#id_geom_map .ol-viewport")
    assert admin.evaluate("typeof window.geodjango_geom") == "object"
    assert_inert(admin, admin_messages)

    docs = pages.new_page()
    docs_messages = watch(docs)
    docs.goto("/api/docs/")
    expect(docs.locator(".swagger-ui .info")).to_be_visible()
    assert_inert(docs, docs_messages)
