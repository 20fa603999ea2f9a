"""The workspace's exports (CSV, GeoJSON) and the printable area report, through the Django
test client. Expected answers come from raw rows (SQL columns read here) and the access
rules as the issue states them, never through the querysets, filters or selectors under test.

The scene: in Lariks (WK010601) and Pittelo (WK010604) a public complaint, a hidden pin
and a confidential signal each, next to the demo pins of every district.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.utils import timezone, translation

from maps.filters import PolygonField
from maps.models import Area
from participatie.pins import services
from participatie.pins.models import Pin
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

LARIKS, PITTELO = "WK010601", "WK010604"
CSV_URL = "/werkruimte/export/meldingen.csv"
GEOJSON_URL = "/werkruimte/export/meldingen.geojson"
REPORT_URL = "/werkruimte/export/rapport/"
URLS = (CSV_URL, GEOJSON_URL, REPORT_URL)
with translation.override("nl"):
    SELF_INTERSECTING = str(PolygonField.default_error_messages["self_intersecting"])


# --- raw rows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    id: int
    kind: str
    status: str
    is_hidden: bool
    category_public: bool
    sensitive: bool
    district_id: int | None
    neighbourhood_code: str | None
    author_id: int | None
    due_at: dt.datetime | None
    responded_at: dt.datetime | None
    lon: float
    lat: float
    title: str

    @property
    def public(self) -> bool:
        return (
            self.category_public
            and not self.sensitive
            and not self.is_hidden
            and self.status != "withdrawn"
        )

    @property
    def overdue(self) -> bool:
        return bool(
            self.responded_at is None
            and self.due_at is not None
            and self.due_at < timezone.now()
            and self.status != "withdrawn"
        )


def raw_rows() -> list[Raw]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.id, p.kind, p.status, p.is_hidden, c.is_public, c.is_sensitive,
                   p.district_id, n.code, p.author_id, p.due_at, p.responded_at,
                   ST_X(p.geom), ST_Y(p.geom), p.title
            FROM pins_pin p JOIN pins_category c ON c.id = p.category_id
            LEFT JOIN maps_area n ON n.id = p.neighbourhood_id
            """
        )
        return [Raw(*row) for row in cursor.fetchall()]


def visible_to(user, row: Raw) -> bool:
    """The issue's rule: public pins, one's own, and for staff the pins of their districts
    (confidential ones only for the buurtteam); administrators every non-confidential pin."""
    if row.public or row.author_id == user.pk:
        return True
    district_ids = set(user.districts.values_list("pk", flat=True))
    if user.role == "wijkteam":
        return row.district_id in district_ids and not row.sensitive
    if user.role == "buurtteam":
        return row.district_id in district_ids
    if user.role == "admin":
        return not row.sensitive
    return False


def inside(code: str, row: Raw) -> bool:
    return Area.objects.get(code=code).geom.intersects(Point(row.lon, row.lat, srid=4326))


def expected_ids(user, code: str) -> set[int]:
    return {r.id for r in raw_rows() if visible_to(user, r) and inside(code, r)}


# --- the scene ----------------------------------------------------------------------------


def first_hood(district: str) -> str:
    return Area.objects.filter(parent__code=district).order_by("code").first().code


@pytest.fixture
def author(db):
    return UserFactory(
        username="auteur-pietje", email="pietje.puk@voorbeeld.nl", display_name="Pietje Puk"
    )


@pytest.fixture
def scene(author):
    admin = AdminFactory()
    pins = {}
    for district in (LARIKS, PITTELO):
        spot = point_in(first_hood(district))
        pins[district, "public"] = pin_create(author, title=f"Stoep {district}", geom=spot)
        hidden = pin_create(author, title=f"Verborgen {district}", geom=spot)
        pins[district, "hidden"] = services.pin_hide(pin=hidden, by=admin, reason="Dubbel")
        pins[district, "signal"] = pin_create(
            author,
            kind="complaint",
            category=sensitive_category(),
            title=f"Eenzaam {district}",
            description="Mijn buurman komt nooit meer buiten.",
            geom=spot,
        )
    return pins


@pytest.fixture
def wijkteam(db):
    return StaffFactory(districts=[LARIKS])


@pytest.fixture
def buurtteam(db):
    return BuurtteamFactory(districts=[LARIKS])


def signed_in(client, user):
    return login_staff(client, user)  # with the second factor done, for staff


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_of(response) -> list[dict]:
    text = body_of(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def feature_ids(response) -> set[int]:
    return {f["id"] for f in json.loads(body_of(response))["features"]}


# --- who may export -----------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_someone_not_signed_in_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("make", [UserFactory, DesignerFactory], ids=["resident", "designer"])
def test_residents_and_designers_are_refused(client, url, make):
    assert signed_in(client, make()).get(url).status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_a_wijkteam_member_may_export(client, wijkteam, url):
    response = signed_in(client, wijkteam).get(url, {"area": LARIKS})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


# --- what an export holds -----------------------------------------------------------------


def test_the_csv_holds_exactly_the_pins_the_member_sees_in_the_district(client, scene, wijkteam):
    rows = csv_of(signed_in(client, wijkteam).get(CSV_URL, {"area": LARIKS}))
    expected = expected_ids(wijkteam, LARIKS)
    assert {int(r["id"]) for r in rows} == expected
    # Not empty by construction, and more than the public sees: the hidden pin of Lariks.
    assert scene[LARIKS, "hidden"].pk in expected
    assert scene[LARIKS, "signal"].pk not in expected
    assert len(rows) == len(expected)  # each pin once


def test_the_geojson_holds_the_same_pins_with_their_raw_coordinates(client, scene, wijkteam):
    response = signed_in(client, wijkteam).get(GEOJSON_URL, {"area": LARIKS})
    assert response["Content-Type"] == "application/geo+json"
    features = json.loads(body_of(response))["features"]
    raw = {r.id: r for r in raw_rows()}
    assert {f["id"] for f in features} == expected_ids(wijkteam, LARIKS)
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon, lat) == pytest.approx(
            (raw[feature["id"]].lon, raw[feature["id"]].lat), abs=1e-6
        )
        assert feature["properties"]["overdue"] is raw[feature["id"]].overdue


def test_confidential_signals_are_left_out_for_the_wijkteam(client, scene, wijkteam):
    client = signed_in(client, wijkteam)
    signals = {scene[d, "signal"].pk for d in (LARIKS, PITTELO)}
    assert not feature_ids(client.get(GEOJSON_URL)) & signals
    assert not {int(r["id"]) for r in csv_of(client.get(CSV_URL))} & signals
    assert b"Eenzaam" not in body_of(client.get(CSV_URL))


def test_the_buurtteam_exports_the_signals_of_its_own_district_only(client, scene, buurtteam):
    ids = feature_ids(signed_in(client, buurtteam).get(GEOJSON_URL))
    assert scene[LARIKS, "signal"].pk in ids
    assert scene[PITTELO, "signal"].pk not in ids
    assert ids == {r.id for r in raw_rows() if visible_to(buurtteam, r)}


def test_no_export_names_the_author(client, scene, author, buurtteam):
    client = signed_in(client, buurtteam)
    for url in URLS:
        text = body_of(client.get(url, {"area": LARIKS})).decode()
        assert "Stoep WK010601" in text or url == REPORT_URL
        for trace in ("pietje", "Pietje", "Puk", "voorbeeld.nl", "auteur"):
            assert trace not in text, (url, trace)


def test_the_csv_is_for_dutch_excel(client, scene, wijkteam, author):
    nasty = pin_create(author, title='=HYPERLINK("http://x")', geom=point_in(first_hood(LARIKS)))
    Pin.objects.filter(pk=nasty.pk).update(due_at=timezone.now() - dt.timedelta(days=2))
    response = signed_in(client, wijkteam).get(CSV_URL, {"area": LARIKS})
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="meldingen-{day}.csv"'
    text = body_of(response).decode()
    assert text.startswith("\ufeff")
    header = text[1:].split("\r\n", 1)[0]
    assert header == (
        "id;created;kind;category;status;title;description;neighbourhood;district;partner;"
        "assignee;due;overdue;answered;lon;lat;support_count;comment_count;url"
    )
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(text[1:]), delimiter=";")}
    row = rows[nasty.pk]
    assert row["title"] == '\'=HYPERLINK("http://x")'  # never a formula
    assert row["overdue"] == "ja"
    raw = next(r for r in raw_rows() if r.id == nasty.pk)
    assert float(row["lon"].replace(",", ".")) == pytest.approx(raw.lon, abs=1e-6)
    assert float(row["lat"].replace(",", ".")) == pytest.approx(raw.lat, abs=1e-6)
    assert row["district"] == "Lariks"
    assert row["url"].endswith(f"/meldingen/{nasty.public_id}/")


def test_the_filters_of_the_workspace_narrow_the_export(client, scene, wijkteam):
    client = signed_in(client, wijkteam)
    ideas = csv_of(client.get(CSV_URL, {"area": LARIKS, "kind": "idea"}))
    expected = {
        r.id
        for r in raw_rows()
        if visible_to(wijkteam, r) and inside(LARIKS, r) and r.kind == "idea"
    }
    assert expected and {int(r["id"]) for r in ideas} == expected


# --- filters that are not understood ------------------------------------------------------


@pytest.mark.parametrize(
    "query, words",
    [
        # Two lobes of different size (an even bow-tie has no area at all: another error).
        ({"polygon": "6.55,52.99;6.58,53.0;6.58,52.99;6.55,53.01"}, SELF_INTERSECTING),
        ({"area": "WK999999"}, "WK999999"),
        ({"created_after": "31-12-2025"}, ""),
        ({"category": "eenzaamheid"}, ""),  # not a choice for the wijkteam
    ],
    ids=["self-intersecting polygon", "unknown area", "date format", "confidential category"],
)
@pytest.mark.parametrize("url", URLS)
def test_a_filter_that_is_not_understood_refuses_the_export(client, wijkteam, url, query, words):
    response = signed_in(client, wijkteam).get(url, query)
    assert response.status_code == 400
    text = response.content.decode()
    assert "De export kon niet worden gemaakt" in text or "could not be made" in text
    assert str(words) in text


def test_a_selection_over_the_cap_is_refused_with_a_message(client, scene, wijkteam, monkeypatch):
    from participatie.triage.exports import selection

    visible = len(expected_ids(wijkteam, LARIKS))
    monkeypatch.setattr(selection, "EXPORT_MAX", visible - 1)
    response = signed_in(client, wijkteam).get(CSV_URL, {"area": LARIKS})
    assert response.status_code == 400
    monkeypatch.setattr(selection, "EXPORT_MAX", visible)
    assert signed_in(client, wijkteam).get(CSV_URL, {"area": LARIKS}).status_code == 200


# --- the area report ----------------------------------------------------------------------


class Tables(HTMLParser):
    """Rows of the report's tables: {table id or index: {data-code: [cell texts]}}."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict[str, list[str]]] = []
        self.row: str | None = None
        self.cell: list[str] | None = None
        self.cells: list[str] = []
        self.scripts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({})
        elif tag == "tr" and "data-code" in attrs:
            self.row, self.cells = attrs["data-code"], []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cells.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1][self.row] = self.cells
            self.row = None


def report_tables(response) -> Tables:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser


def counts(rows: list[Raw]) -> list[str]:
    return [
        str(len(rows)),
        str(sum(r.kind == "idea" for r in rows)),
        str(sum(r.kind == "complaint" for r in rows)),
        str(sum(r.status in ("new", "acknowledged", "planned") for r in rows)),
        str(sum(r.status == "done" for r in rows)),
        str(sum(r.overdue for r in rows)),
    ]


def test_the_report_counts_equal_counts_of_the_raw_rows(client, scene, wijkteam, author):
    hood = first_hood(LARIKS)
    late = pin_create(
        author, kind="idea", category=category("spelen"), title="Schommel", geom=point_in(hood)
    )
    Pin.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    done = pin_create(author, title="Gerepareerd", geom=point_in(hood))
    services.pin_set_status(pin=done, status="done", reason="Hersteld.", by=wijkteam)

    response = signed_in(client, wijkteam).get(REPORT_URL, {"area": LARIKS})
    assert response.status_code == 200
    per_hood, per_category = report_tables(response).tables[:2]
    visible = [r for r in raw_rows() if visible_to(wijkteam, r) and inside(LARIKS, r)]
    hoods = Area.objects.filter(parent__code=LARIKS).values_list("code", flat=True)
    assert set(per_hood) == {*hoods, "total"}
    for code in hoods:
        assert per_hood[code][1:] == counts([r for r in visible if r.neighbourhood_code == code]), (
            code
        )
    assert per_hood["total"][1:] == counts(visible)
    assert int(per_hood["total"][1]) >= 4  # the scene's pins and these two, at least
    assert int(per_hood[hood][6]) >= 1 and int(per_hood[hood][5]) >= 1
    assert sum(int(cells[1]) for cells in per_category.values()) == len(visible)


def test_the_report_shows_confidential_signals_to_the_wijkteam_only_as_counts_of_five_or_more(
    client, scene, wijkteam, author
):
    hoods = list(
        Area.objects.filter(parent__code=LARIKS).order_by("code").values_list("code", flat=True)
    )
    many, few = hoods[0], hoods[1]
    for code, number in ((many, 5), (few, 4)):
        for i in range(number):
            pin_create(
                author,
                category=sensitive_category(),
                title=f"Geheim {code} {i}",
                geom=point_in(code),
            )
    response = signed_in(client, wijkteam).get(REPORT_URL, {"area": LARIKS})
    tables = report_tables(response)
    confidential = tables.tables[-1]
    raw = [r for r in raw_rows() if r.sensitive and r.status != "withdrawn"]
    expected = {
        code: sum(r.neighbourhood_code == code for r in raw)
        for code in hoods
        if sum(r.neighbourhood_code == code for r in raw) >= 5
    }
    assert many in expected and few not in expected
    assert {code: int(cells[1]) for code, cells in confidential.items()} == expected
    text = response.content.decode()
    assert "Geheim" not in text and "Eenzaam" not in text  # no point, no title
    assert "minder dan 5" in text or "fewer than 5" in text


def test_the_buurtteam_report_shows_its_signals_as_points_with_a_warning(client, scene, buurtteam):
    response = signed_in(client, buurtteam).get(REPORT_URL, {"area": LARIKS})
    text = response.content.decode()
    assert "Eenzaam WK010601" in text  # a point on the map, with its title in the tooltip
    assert "Eenzaam WK010604" not in text
    assert 'id="confidential-counts"' not in text
    assert "alleen voor het buurtteam" in text or "buurtteam only" in text


def test_the_report_loads_nothing_from_elsewhere(client, scene, wijkteam):
    tables = report_tables(signed_in(client, wijkteam).get(REPORT_URL, {"area": LARIKS}))
    assert any("leaflet" in src for src in tables.scripts)
    for url in tables.scripts + tables.links:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url


def test_the_report_of_a_drawn_area_lists_the_neighbourhoods_it_touches(client, scene, wijkteam):
    hood = Area.objects.get(code=first_hood(LARIKS))
    x0, y0, x1, y1 = hood.geom.extent
    polygon = f"{x0},{y0};{x1},{y0};{x1},{y1};{x0},{y1}"
    response = signed_in(client, wijkteam).get(REPORT_URL, {"polygon": polygon})
    assert response.status_code == 200
    per_hood = report_tables(response).tables[0]
    assert hood.code in per_hood
    box = Area.objects.get(code=hood.code).geom.envelope
    touching = {
        a.code for a in Area.objects.filter(level="neighbourhood") if a.geom.intersects(box)
    }
    pins_in_box = [
        r
        for r in raw_rows()
        if visible_to(wijkteam, r) and box.intersects(Point(r.lon, r.lat, srid=4326))
    ]
    assert set(per_hood) - {"total"} == touching | {r.neighbourhood_code for r in pins_in_box}
    assert per_hood["total"][1:] == counts(pins_in_box)
    assert re.search(r"<h1>\s*Getekend gebied|<h1>\s*Drawn area", response.content.decode())


def test_the_report_without_an_area_covers_the_whole_municipality(client, scene, wijkteam):
    response = signed_in(client, wijkteam).get(REPORT_URL)
    per_hood = report_tables(response).tables[0]
    municipality = Area.objects.get(level="municipality")
    hoods = set(Area.objects.filter(parent__parent=municipality).values_list("code", flat=True))
    assert set(per_hood) - {"total"} == hoods
    visible = [r for r in raw_rows() if visible_to(wijkteam, r)]
    assert per_hood["total"][1:] == counts(visible)
    assert re.search(rf"<h1>\s*{municipality.name}\s*</h1>", response.content.decode())


def test_the_report_of_one_neighbourhood(client, scene, wijkteam):
    code = first_hood(LARIKS)
    response = signed_in(client, wijkteam).get(REPORT_URL, {"area": code})
    per_hood = report_tables(response).tables[0]
    visible = [r for r in raw_rows() if visible_to(wijkteam, r) and inside(code, r)]
    assert visible and set(per_hood) == {code, "total"}
    assert per_hood[code][1:] == per_hood["total"][1:] == counts(visible)


@pytest.mark.parametrize("url", [CSV_URL, GEOJSON_URL])
def test_a_stream_in_many_small_pieces_holds_every_pin_once(
    client, scene, wijkteam, url, monkeypatch
):
    from participatie.triage.exports import features, spreadsheet

    monkeypatch.setattr(features, "CHUNK", 2)
    monkeypatch.setattr(spreadsheet, "CHUNK", 2)
    response = signed_in(client, wijkteam).get(url, {"area": LARIKS})
    assert len(list(response.streaming_content)) > 3  # really sent in pieces
    response = signed_in(client, wijkteam).get(url, {"area": LARIKS})
    ids = feature_ids(response) if url == GEOJSON_URL else [int(r["id"]) for r in csv_of(response)]
    expected = expected_ids(wijkteam, LARIKS)
    assert len(expected) > 4 and len(ids) == len(expected) and set(ids) == expected


def test_a_title_full_of_markup_stays_text_on_the_report(client, scene, wijkteam, author):
    title = '<img src=x onerror="alert(1)">Bankje'
    pin_create(author, title=title, geom=point_in(first_hood(LARIKS)))
    text = signed_in(client, wijkteam).get(REPORT_URL, {"area": LARIKS}).content.decode()
    # In the map's data (JSON in a script; its tooltip puts the text into HTML): escaped
    # for HTML (&lt;…), so the tooltip shows it as typed.
    assert "\\u0026lt;img src=x onerror=\\u0026quot;alert(1)\\u0026quot;\\u0026gt;Bankje" in text
    assert "<img src=x" not in text and "\\u003cimg" not in text  # never as markup
