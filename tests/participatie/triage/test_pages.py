"""The workspace pages through the Django test client: who may open what, the filters and
the order of the table, the map's data, the handling forms, bulk actions, saved filters
and confidential signals as counts of five or more only.

Expected answers come from the raw fields of the reports made here (their coordinates,
neighbourhoods, dates); every report of a test carries a token in its title, and the
table is asked for that token, so the demo reports of the database do not get in the way.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from maps.models import Area
from participatie.pins import services
from participatie.pins.models import Pin, PinEvent, PinNote
from participatie.triage.models import SavedFilter
from tests.participatie.accounts.otp import login_staff
from tests.participatie.factories import (
    AdminFactory,
    BuurtteamFactory,
    DesignerFactory,
    StaffFactory,
    UserFactory,
    category,
    pin_create,
    point_in,
    sensitive_category,
)

pytestmark = pytest.mark.django_db

LARIKS, NOORDERPARK, CENTRUM = "WK010601", "WK010602", "WK010600"
LARIKS_OOST, LARIKS_WEST = "BU01060100", "BU01060102"
NOORDERPARK_HOOD = "BU01060200"
CENTRUM_HOOD = "BU01060000"
TEAM = [LARIKS, NOORDERPARK]


@pytest.fixture
def token():
    """A word in the titles of this test's reports only."""
    return f"tk{uuid.uuid4().hex[:8]}"


@pytest.fixture
def wijkteam(db):
    return StaffFactory(districts=TEAM)


@pytest.fixture
def buurtteam(db):
    return BuurtteamFactory(districts=TEAM)


@pytest.fixture
def as_staff(client):
    def log_in(user):
        return login_staff(client, user)

    return log_in


def titles(html: str) -> list[str]:
    """The titles in the workspace table, in order."""
    return re.findall(r'<th scope="row" class="cell-title">\s*<a href="[^"]+">([^<]+)</a>', html)


def rows_of(client, **params) -> list[str]:
    response = client.get("/werkruimte/", params)
    assert response.status_code == 200
    return titles(response.content.decode())


def report(author, token, name, *, hood=LARIKS_OOST, **fields):
    return pin_create(author, title=f"{name} {token}", geom=point_in(hood), **fields)


# --- who may open the workspace ---------------------------------------------------------

WORKSPACE_GETS = ["/werkruimte/", "/werkruimte/resultaten/", "/werkruimte/kaart/"]


@pytest.mark.parametrize("path", WORKSPACE_GETS)
def test_without_logging_in_the_workspace_sends_you_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/account/inloggen/?next={path}"


@pytest.mark.parametrize("path", WORKSPACE_GETS)
def test_a_resident_is_refused_kindly(client, resident, path):
    client.force_login(resident)
    response = client.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 403
    if path == "/werkruimte/":
        html = response.content.decode()
        assert "Deze pagina is voor de teams van de partners" in html
        assert 'href="/meldingen/mijn/"' in html  # where they can follow their own reports


def test_a_designer_has_no_workspace(as_staff):
    response = as_staff(DesignerFactory()).get("/werkruimte/")
    assert response.status_code == 403
    assert "Jouw account heeft geen rol in die teams" in response.content.decode()


@pytest.mark.parametrize("make", [StaffFactory, BuurtteamFactory, AdminFactory])
def test_the_teams_and_administrators_open_the_workspace(as_staff, make):
    response = as_staff(make()).get("/werkruimte/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert '<a href="/werkruimte/" aria-current="page">Werkruimte</a>' in response.content.decode()


def test_only_those_who_triage_see_the_workspace_in_the_header(client, resident, wijkteam):
    client.force_login(resident)
    assert 'href="/werkruimte/"' not in client.get("/").content.decode()
    login_staff(client, wijkteam)
    assert 'href="/werkruimte/"' in client.get("/").content.decode()


# --- the handling page: 404 unless visible, forms only for those who handle it ----------


def test_the_handling_page_follows_who_sees_and_who_handles_a_report(
    as_staff, resident, wijkteam, buurtteam, token
):
    own = report(resident, token, "Eigen wijk")
    other = report(resident, token, "Andere wijk", hood=CENTRUM_HOOD)
    signal = report(resident, token, "Signaal", category=sensitive_category())
    client = as_staff(wijkteam)

    page = client.get(f"/werkruimte/meldingen/{own.pk}/").content.decode()
    assert f'action="/werkruimte/meldingen/{own.pk}/toewijzen/"' in page
    # A public report of another district: readable, no forms.
    response = client.get(f"/werkruimte/meldingen/{other.pk}/")
    assert response.status_code == 200
    assert "toewijzen/" not in response.content.decode()
    assert "team van een andere wijk" in response.content.decode()
    # A confidential signal: not for the wijkteam, the same answer as no report at all.
    assert client.get(f"/werkruimte/meldingen/{signal.pk}/").status_code == 404
    assert client.get("/werkruimte/meldingen/999999999/").status_code == 404

    client = as_staff(buurtteam)
    page = client.get(f"/werkruimte/meldingen/{signal.pk}/").content.decode()
    assert "Vertrouwelijk" in page and "toewijzen/" in page
    assert "Mag benaderd worden" in page


def test_a_hidden_report_of_another_district_is_a_404(as_staff, resident, wijkteam, token):
    other = report(resident, token, "Verborgen", hood=CENTRUM_HOOD)
    services.pin_hide(pin=other, by=AdminFactory(), reason="Persoonsgegevens")
    assert as_staff(wijkteam).get(f"/werkruimte/meldingen/{other.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("toewijzen/", {"partner": "actium"}),
        ("status/", {"status": "planned", "reason": "Komt goed"}),
        ("notitie/", {"body": "Intern"}),
    ],
)
def test_posting_on_a_report_one_does_not_handle_changes_nothing(
    as_staff, resident, wijkteam, token, path, data
):
    other = report(resident, token, "Andere wijk", hood=CENTRUM_HOOD)
    before = other.events.count()
    if "partner" in data:
        from maps.partners.models import Partner

        data = {"partner": Partner.objects.get(slug="actium").pk}
    response = as_staff(wijkteam).post(f"/werkruimte/meldingen/{other.pk}/{path}", data)
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.partner.slug == "gemeente-assen" and other.status == "new"
    assert other.events.count() == before and not PinNote.objects.filter(pin=other).exists()


def test_the_public_pin_page_links_to_the_handling_page_for_those_who_handle_it(
    client, resident, wijkteam, token
):
    own = report(resident, token, "Eigen wijk")
    other = report(resident, token, "Andere wijk", hood=CENTRUM_HOOD)
    link = 'href="/werkruimte/meldingen/{}/"'
    assert link.format(own.pk) not in client.get(f"/meldingen/{own.public_id}/").content.decode()
    login_staff(client, wijkteam)
    assert link.format(own.pk) in client.get(f"/meldingen/{own.public_id}/").content.decode()
    assert (
        link.format(other.pk) not in client.get(f"/meldingen/{other.public_id}/").content.decode()
    )


# --- filters and order ------------------------------------------------------------------


def test_the_area_filter_keeps_the_reports_inside_the_chosen_district_or_neighbourhood(
    as_staff, resident, wijkteam, token
):
    east = report(resident, token, "Oost")
    west = report(resident, token, "West", hood=LARIKS_WEST)
    north = report(resident, token, "Noord", hood=NOORDERPARK_HOOD)
    client = as_staff(wijkteam)

    assert set(rows_of(client, q=token)) == {east.title, west.title, north.title}
    assert set(rows_of(client, q=token, area=LARIKS)) == {east.title, west.title}
    assert rows_of(client, q=token, area=LARIKS_OOST) == [east.title]
    assert rows_of(client, q=token, area=NOORDERPARK) == [north.title]


def test_a_drawn_polygon_keeps_the_reports_inside_it(as_staff, resident, wijkteam, token):
    inside = report(resident, token, "Binnen")
    outside = report(resident, token, "Buiten", hood=LARIKS_WEST)
    x, y, d = inside.geom.x, inside.geom.y, 0.001  # a square of ~140 m around `inside`
    assert abs(outside.geom.x - x) > d or abs(outside.geom.y - y) > d
    polygon = f"{x - d},{y - d};{x + d},{y - d};{x + d},{y + d};{x - d},{y + d}"

    html = as_staff(wijkteam).get("/werkruimte/", {"q": token, "polygon": polygon})
    assert titles(html.content.decode()) == [inside.title]
    assert "Alleen meldingen binnen het gebied dat op de kaart is getekend" in html.content.decode()


def test_filters_not_understood_are_shown_and_ignored(as_staff, resident, wijkteam, token):
    mine = report(resident, token, "Melding")
    response = as_staff(wijkteam).get(
        "/werkruimte/", {"q": token, "polygon": "1,2;3", "created_after": "31-12-2026"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sommige filters zijn niet begrepen" in html
    assert "Getekend gebied" in html and "Vanaf" in html
    assert titles(html) == [mine.title]


def test_filters_by_kind_category_status_partner_assignee_period_and_overdue(
    as_staff, resident, wijkteam, token
):
    client = as_staff(wijkteam)
    idea = report(resident, token, "Idee", kind="idea", category=category("groen-en-bomen"))
    lamp = report(resident, token, "Lamp", category=category("verlichting"))
    house = report(resident, token, "Huis", category=category("woning"))  # routed to Actium
    services.pin_set_status(pin=lamp, status="planned", reason="Gepland", by=wijkteam)
    services.pin_assign(pin=idea, by=wijkteam, assignee=wijkteam)
    # An old report, past its due date and unanswered: overdue.
    Pin.objects.filter(pk=house.pk).update(
        created_at=timezone.now() - timedelta(days=40), due_at=timezone.now() - timedelta(days=5)
    )

    assert rows_of(client, q=token, kind="idea") == [idea.title]
    assert rows_of(client, q=token, category="verlichting") == [lamp.title]
    assert rows_of(client, q=token, status="planned") == [lamp.title]
    assert rows_of(client, q=token, partner="actium") == [house.title]
    assert rows_of(client, q=token, assignee="me") == [idea.title]
    assert rows_of(client, q=token, assignee=str(wijkteam.pk)) == [idea.title]
    assert set(rows_of(client, q=token, assignee="none")) == {lamp.title, house.title}
    assert rows_of(client, q=token, overdue="on") == [house.title]
    house.refresh_from_db()
    day = timezone.localdate(house.created_at)  # the filters' days are local calendar days
    assert rows_of(client, q=token, created_before=day.isoformat()) == [house.title]
    assert rows_of(client, q=token, created_before=(day - timedelta(days=1)).isoformat()) == []
    assert house.title not in rows_of(client, q=token, created_after=timezone.localdate())


def test_the_table_shows_overdue_reports_first_the_longest_overdue_on_top_then_the_newest(
    as_staff, resident, wijkteam, token
):
    now = timezone.now()
    made = {name: report(resident, token, name) for name in "ABCDE"}

    def set_fields(name, **fields):
        Pin.objects.filter(pk=made[name].pk).update(**fields)

    set_fields("A", created_at=now - timedelta(days=30), due_at=now - timedelta(days=20))
    set_fields("B", created_at=now - timedelta(days=12), due_at=now - timedelta(days=2))
    # Answered long ago: past its due date, but not overdue, and old.
    set_fields("C", created_at=now - timedelta(days=60), due_at=now - timedelta(days=50),
               responded_at=now - timedelta(days=55))  # fmt: skip
    set_fields("D", created_at=now - timedelta(days=3), due_at=now + timedelta(days=7))
    set_fields("E", created_at=now - timedelta(hours=1), due_at=now + timedelta(days=9))

    order = [title.split()[0] for title in rows_of(as_staff(wijkteam), q=token)]
    assert order == ["A", "B", "E", "D", "C"]
    html = as_staff(wijkteam).get("/werkruimte/", {"q": token}).content.decode()
    assert html.count('<span class="badge badge--overdue">te laat</span>') == 2
    assert html.count('<span class="badge badge--answered">beantwoord</span>') == 1


def test_the_table_has_pages_of_fifty(as_staff, resident, wijkteam, token):
    for n in range(51):
        report(resident, token, f"Melding{n:02d}")
    client = as_staff(wijkteam)

    first = client.get("/werkruimte/", {"q": token}).content.decode()
    second = client.get("/werkruimte/", {"q": token, "pagina": 2}).content.decode()
    assert len(titles(first)) == 50 and len(titles(second)) == 1
    assert set(titles(first)) | set(titles(second)) == {
        f"Melding{n:02d} {token}" for n in range(51)
    }
    assert "51 meldingen · pagina 1 van 2" in first
    assert f'href="/werkruimte/?q={token}&amp;pagina=2"' in first


def test_the_results_fragment_is_the_table_of_the_same_filters(as_staff, resident, wijkteam, token):
    east = report(resident, token, "Oost")
    report(resident, token, "West", hood=LARIKS_WEST)
    response = as_staff(wijkteam).get("/werkruimte/resultaten/", {"q": token, "area": LARIKS_OOST})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and titles(html) == [east.title]
    assert 'data-count-text="1 melding"' in html
    lat, lon = east.geom.y, east.geom.x
    assert f'data-lat="{lat:.6f}" data-lon="{lon:.6f}"' in html


# --- the map's data ---------------------------------------------------------------------


def test_the_map_data_counts_every_matching_report_in_cells_and_per_neighbourhood(
    as_staff, resident, wijkteam, token
):
    made = [report(resident, token, "Oost", hood=LARIKS_OOST) for _ in range(3)]
    made += [report(resident, token, "West", hood=LARIKS_WEST) for _ in range(2)]
    data = as_staff(wijkteam).get("/werkruimte/kaart/", {"q": token}).json()

    assert sum(count for _, _, count in data["cells"]) == 5
    assert data["neighbourhoods"] == {LARIKS_OOST: 3, LARIKS_WEST: 2}
    # Each report lies in a cell near it (the grid is at most a few hundred metres).
    for pin in made:
        assert any(abs(x - pin.geom.x) < 0.01 and abs(y - pin.geom.y) < 0.01
                   for x, y, _ in data["cells"])  # fmt: skip


def test_the_map_data_cells_follow_the_view(as_staff, resident, wijkteam, token):
    east = report(resident, token, "Oost")
    x, y = east.geom.x, east.geom.y
    client = as_staff(wijkteam)
    view = f"{x - 0.002},{y - 0.002},{x + 0.002},{y + 0.002}"
    inside = client.get("/werkruimte/kaart/", {"q": token, "view": view, "only": "cells"}).json()
    away = f"{x + 0.1},{y + 0.1},{x + 0.2},{y + 0.2}"
    outside = client.get("/werkruimte/kaart/", {"q": token, "view": away, "only": "cells"}).json()
    assert [c[2] for c in inside["cells"]] == [1] and outside["cells"] == []
    assert set(inside) == {"cells"}


@pytest.mark.parametrize("params", [{"view": "1,2,3"}, {"polygon": "1,2;3,4"}, {"area": "XX"}])
def test_the_map_data_refuses_parameters_it_does_not_understand(as_staff, wijkteam, params):
    response = as_staff(wijkteam).get("/werkruimte/kaart/", params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


# --- confidential signals: counts of five or more, never points, for the wijkteam -------


def confidential_per_neighbourhood(district_codes) -> dict[str, int]:
    """From the raw fields: confidential, not withdrawn, in these districts, >= 5."""
    counts: dict[str, int] = {}
    pins = Pin.objects.filter(category__is_sensitive=True, district__code__in=district_codes)
    for code, status in pins.values_list("neighbourhood__code", "status"):
        if code and status != "withdrawn":
            counts[code] = counts.get(code, 0) + 1
    return {code: n for code, n in counts.items() if n >= 5}


def test_confidential_signals_reach_the_wijkteam_only_as_counts_of_five_or_more(
    as_staff, resident, wijkteam, buurtteam, token
):
    signals = [report(resident, token, "Zorg", category=sensitive_category()) for _ in range(6)]
    for _ in range(4):
        report(resident, token, "Zorg", hood=LARIKS_WEST, category=sensitive_category())
    for _ in range(6):  # another district: not the wijkteam's
        report(resident, token, "Zorg", hood=CENTRUM_HOOD, category=sensitive_category())
    services.pin_withdraw(pin=signals[0], by=resident)  # withdrawn: not counted
    expected = confidential_per_neighbourhood(TEAM)
    assert expected[LARIKS_OOST] >= 5  # our five (and any demo signals there)
    assert CENTRUM_HOOD not in expected

    client = as_staff(wijkteam)
    data = client.get("/werkruimte/kaart/").json()
    assert data["confidential"] == expected
    html = client.get("/werkruimte/", {"q": token}).content.decode()
    assert titles(html) == []  # never as rows
    names = dict(Area.objects.filter(code__in=expected).values_list("code", "name"))
    for code, count in expected.items():
        assert f"<li>{names[code]}: <strong>{count}</strong></li>" in html
    assert "Vertrouwelijke signalen per buurt (5 of meer)" in html
    # Only the chosen area's neighbourhoods.
    west_only = client.get("/werkruimte/kaart/", {"area": LARIKS_WEST}).json()["confidential"]
    assert west_only == {k: v for k, v in expected.items() if k == LARIKS_WEST}

    # The buurtteam sees the signals themselves, and no counts instead.
    client = as_staff(buurtteam)
    html = client.get("/werkruimte/", {"q": token, "area": LARIKS}).content.decode()
    assert len(titles(html)) == 6 + 4  # ours in Lariks (the withdrawn one too: it is handled)
    assert "Vertrouwelijke signalen per buurt" not in html
    assert client.get("/werkruimte/kaart/").json()["confidential"] == {}


def test_four_confidential_signals_are_not_counted_and_a_fifth_shows_the_five(
    as_staff, resident, token
):
    hoods = Area.objects.neighbourhoods().filter(parent__code=NOORDERPARK).order_by("code")
    signals = Pin.objects.filter(category__is_sensitive=True).exclude(status="withdrawn")
    counted = {h.code: signals.filter(neighbourhood=h).count() for h in hoods}
    hood = next(code for code, n in counted.items() if n <= 4)
    for _ in range(4 - counted[hood]):
        report(resident, token, "Zorg", hood=hood, category=sensitive_category())
    client = as_staff(StaffFactory(districts=[NOORDERPARK]))

    assert hood not in client.get("/werkruimte/kaart/").json()["confidential"]
    report(resident, token, "Zorg", hood=hood, category=sensitive_category())
    assert client.get("/werkruimte/kaart/").json()["confidential"][hood] == 5


# --- handling one report ----------------------------------------------------------------


def partner_pk(slug):
    from maps.partners.models import Partner

    return Partner.objects.get(slug=slug).pk


def test_assigning_to_the_housing_corporation_and_a_colleague_is_kept_in_the_history(
    as_staff, resident, wijkteam, token
):
    colleague = StaffFactory(districts=[LARIKS], display_name="Sanne")
    elsewhere = StaffFactory(districts=[CENTRUM], display_name="Piet")
    pin = report(resident, token, "Schimmel")
    client = as_staff(wijkteam)

    page = client.get(f"/werkruimte/meldingen/{pin.pk}/").content.decode()
    assert ">Sanne</option>" in page and ">Piet</option>" not in page  # handlers only

    url = f"/werkruimte/meldingen/{pin.pk}/toewijzen/"
    response = client.post(url, {"partner": partner_pk("actium"), "assignee": colleague.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/werkruimte/meldingen/{pin.pk}/#history"
    pin.refresh_from_db()
    assert (pin.partner.slug, pin.assignee) == ("actium", colleague)
    event = pin.events.get(kind=PinEvent.Kind.ASSIGNED)
    assert event.actor == wijkteam and "Gemeente Assen → Actium" in event.detail
    page = client.get(response["Location"]).content.decode()
    assert "De melding is toegewezen." in page and "Gemeente Assen → Actium" in page

    # Someone of another district cannot be chosen: a form error, nothing changes.
    response = client.post(url, {"assignee": elsewhere.pk})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    pin.refresh_from_db()
    assert pin.assignee == colleague
    # Nothing chosen: said so, not a server error.
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Kies een partner, een persoon of allebei." in response.content.decode()


def test_a_public_answer_is_mailed_to_the_author_and_shown_on_their_page(
    as_staff, client, resident, wijkteam, token, django_capture_on_commit_callbacks
):
    pin = report(resident, token, "Gat in de weg")
    staff = as_staff(wijkteam)
    answer = "We repareren het gat donderdag."
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # mail goes out on commit
        response = staff.post(
            f"/werkruimte/meldingen/{pin.pk}/status/", {"status": "planned", "reason": answer}
        )
    assert response.status_code == 302
    pin.refresh_from_db()
    assert pin.status == "planned" and pin.responded_at is not None
    sent = [m for m in mail.outbox if m.to == [resident.email]]
    assert len(sent) == 1 and answer in sent[0].body
    client.force_login(resident)
    assert answer in client.get(f"/meldingen/{pin.public_id}/").content.decode()


def test_a_status_form_with_an_error_comes_back_with_the_error_not_a_server_error(
    as_staff, resident, wijkteam, token
):
    pin = report(resident, token, "Afwijzen")
    withdrawn = report(resident, token, "Ingetrokken")
    services.pin_withdraw(pin=withdrawn, by=resident)
    client = as_staff(wijkteam)

    response = client.post(f"/werkruimte/meldingen/{pin.pk}/status/", {"status": "declined"})
    assert response.status_code == 400
    assert "Leg uit waarom de melding is afgewezen." in response.content.decode()
    pin.refresh_from_db()
    assert pin.status == "new"
    response = client.post(
        f"/werkruimte/meldingen/{withdrawn.pk}/status/", {"status": "planned", "reason": "x"}
    )
    assert response.status_code == 400
    assert "De auteur heeft deze melding ingetrokken." in response.content.decode()
    # Withdrawing is the author's: not a choice here.
    response = client.post(f"/werkruimte/meldingen/{pin.pk}/status/", {"status": "withdrawn"})
    assert response.status_code == 400 and "error-summary" in response.content.decode()


def test_internal_notes_are_seen_by_those_who_handle_the_report_only(
    as_staff, client, resident, wijkteam, token
):
    pin = report(resident, token, "Notitie")
    note = "Bewoner belt vaker; eerst huismeester vragen."
    staff = as_staff(wijkteam)

    assert staff.post(f"/werkruimte/meldingen/{pin.pk}/notitie/", {"body": ""}).status_code == 400
    response = staff.post(f"/werkruimte/meldingen/{pin.pk}/notitie/", {"body": note})
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    assert PinNote.objects.get(pin=pin).body == note
    assert note in staff.get(f"/werkruimte/meldingen/{pin.pk}/").content.decode()

    # Not public, not for the author, not for staff of another district reading along.
    assert note[:30] not in client.get(f"/meldingen/{pin.public_id}/").content.decode()
    client.force_login(resident)
    assert note[:30] not in client.get(f"/meldingen/{pin.public_id}/").content.decode()
    outsider = as_staff(StaffFactory(districts=[CENTRUM]))
    page = outsider.get(f"/werkruimte/meldingen/{pin.pk}/")
    assert page.status_code == 200 and note[:30] not in page.content.decode()


def test_the_handling_page_shows_the_report_and_the_authors_display_name_only(
    as_staff, resident, wijkteam, token
):
    pin = report(resident, token, "Details", description="Bij de bushalte.")
    html = as_staff(wijkteam).get(f"/werkruimte/meldingen/{pin.pk}/").content.decode()
    assert pin.title in html and "Bij de bushalte." in html
    assert resident.display_name in html
    assert resident.email not in html and resident.username not in html
    assert "De Lariks Oost" in html and "Gemeente Assen" in html
    with translation.override("nl"):
        due = date_format(timezone.localtime(pin.due_at), "j F Y")
    assert "Antwoord uiterlijk</dt>\n      <dd><time" in html and due in html


# --- bulk actions -----------------------------------------------------------------------


def test_bulk_assign_changes_what_one_handles_and_reports_what_was_refused(
    as_staff, resident, wijkteam, token
):
    mine = [report(resident, token, f"Eigen{n}") for n in range(3)]
    other = report(resident, token, "Andere wijk", hood=CENTRUM_HOOD)  # visible, not handled
    signal = report(resident, token, "Signaal", category=sensitive_category())  # not visible
    client = as_staff(wijkteam)
    query = f"q={token}"

    response = client.post(
        "/werkruimte/selectie/",
        {
            "pin": [p.pk for p in [*mine, other, signal]],
            "action": "assign",
            "partner": partner_pk("actium"),
            "query": query,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/werkruimte/?{query}"
    html = response.content.decode()
    assert "3 meldingen zijn gewijzigd." in html
    assert "2 meldingen zijn niet gewijzigd:" in html
    assert f"#{other.pk} {other.title}:" in html
    assert "1 melding is niet gevonden of niet voor jou zichtbaar." in html
    assert signal.title not in html
    partners = dict(
        Pin.objects.filter(pk__in=[p.pk for p in [*mine, other, signal]]).values_list(
            "pk", "partner__slug"
        )
    )
    assert [partners[p.pk] for p in mine] == ["actium"] * 3
    assert partners[other.pk] == "gemeente-assen" and partners[signal.pk] == "vaart-welzijn"


def test_bulk_status_answers_each_author(
    as_staff, wijkteam, token, django_capture_on_commit_callbacks
):
    authors = [UserFactory() for _ in range(2)]
    pins = [report(author, token, "Samen") for author in authors]
    mail.outbox.clear()
    answer = "We pakken dit samen op in de wijkschouw."

    with django_capture_on_commit_callbacks(execute=True):
        response = as_staff(wijkteam).post(
            "/werkruimte/selectie/",
            {"pin": [p.pk for p in pins], "action": "status", "status": "acknowledged",
             "reason": answer},
        )  # fmt: skip
    assert response.status_code == 302
    assert set(
        Pin.objects.filter(pk__in=[p.pk for p in pins]).values_list("status", flat=True)
    ) == {"acknowledged"}
    assert sorted(m.to[0] for m in mail.outbox if answer in m.body) == sorted(
        a.email for a in authors
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "assign", "partner": "1"}, "Vink eerst een of meer meldingen"),
        ({"pin": ["1"], "action": "assign"}, "Kies een partner, een persoon of allebei."),
        ({"pin": ["1"], "action": "status"}, "Kies een status."),
        ({"pin": ["x"], "action": "assign", "partner": "1"}, "error-summary"),
    ],
)
def test_a_bulk_form_with_an_error_comes_back_with_the_error(as_staff, wijkteam, data, error):
    response = as_staff(wijkteam).post("/werkruimte/selectie/", {**data, "query": "area=" + LARIKS})
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    # The workspace as it was, with its filters.
    assert f'<option value="{LARIKS}" selected>' in html


# --- saved filters ----------------------------------------------------------------------


def test_a_filter_is_saved_listed_opened_and_deleted_by_its_owner_only(as_staff, wijkteam):
    client = as_staff(wijkteam)
    query = f"area={LARIKS}&overdue=on"
    response = client.post("/werkruimte/filters/", {"name": "Lariks te laat", "query": query})
    assert response.status_code == 302 and response["Location"] == f"/werkruimte/?{query}"
    saved = SavedFilter.objects.get(owner=wijkteam)
    assert (saved.name, saved.query) == ("Lariks te laat", query)
    html = client.get("/werkruimte/").content.decode()
    assert f'<a href="/werkruimte/?{query.replace("&", "&amp;")}">Lariks te laat</a>' in html

    someone = as_staff(StaffFactory(districts=TEAM))
    assert "Lariks te laat" not in someone.get("/werkruimte/").content.decode()
    assert someone.post(f"/werkruimte/filters/{saved.pk}/verwijderen/").status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()

    client = as_staff(wijkteam)
    response = client.post(f"/werkruimte/filters/{saved.pk}/verwijderen/", {"query": query})
    assert response.status_code == 302
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


def test_a_filter_without_a_name_is_not_saved(as_staff, wijkteam):
    response = as_staff(wijkteam).post("/werkruimte/filters/", {"name": " ", "query": "q=x"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not SavedFilter.objects.filter(owner=wijkteam).exists()


def test_the_share_field_and_the_save_form_carry_the_current_filters(as_staff, wijkteam):
    html = as_staff(wijkteam).get("/werkruimte/", {"area": LARIKS, "pagina": 2}).content.decode()
    assert f'value="http://testserver/werkruimte/?area={LARIKS}"' in html
    assert f'name="query" value="area={LARIKS}"' in html


def test_the_area_select_offers_ones_own_districts_first_then_the_municipalitys(as_staff, wijkteam):
    html = as_staff(wijkteam).get("/werkruimte/").content.decode()
    select = html[
        html.index('<select name="area"') : html.index(
            "</select>", html.index('<select name="area"')
        )
    ]
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    districts = Area.objects.districts().filter(parent__code="GM0106")
    own = sorted(districts.filter(code__in=TEAM).values_list("name", flat=True))
    others = sorted(districts.exclude(code__in=TEAM).values_list("name", flat=True))
    assert groups == own + others
    # Each district as a whole, then its neighbourhoods.
    lariks = select[select.index('<optgroup label="Lariks">') :]
    lariks = lariks[: lariks.index("</optgroup>")]
    codes = re.findall(r'<option value="([^"]+)"', lariks)
    hoods = Area.objects.neighbourhoods().filter(parent__code=LARIKS)
    assert codes[0] == LARIKS and sorted(codes[1:]) == sorted(h.code for h in hoods)
