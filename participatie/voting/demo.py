"""A demo redesign vote, so that `make run` shows one: a street in a priority district,
redesigned after a (demo) planned work there, with three options, each with a drawing
placed on the street and its features (trees, benches, parking, a path, a play area).

Residents vote (eligibility "residents"), so the demo resident, whose home lies in a
priority district, can vote at once; no voting codes exist, so nothing secret is printed.
Everything is made through the designers' services, as the demo designer, and is marked
`is_demo` with the usual demo note. Drawings are drawn with Pillow from a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from dataclasses import dataclass

from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, LineString, Point
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from maps import pagecache
from maps.demo import DEMO_NOTE
from maps.models import Area, PlannedWork
from participatie.accounts.models import User
from participatie.voting import services
from participatie.voting.models import RedesignProject

RD = 28992
STREET_MAX = 180.0  # metres of street the options are drawn for
HALF_WIDTH = 18.0  # metres either side of the street the drawing covers
SIZE = (1200, 240)  # pixels: along the street × across it (the same 5:1 as 180 m × 36 m)
OPEN_FOR = dt.timedelta(days=21)
OPENED = dt.timedelta(days=3)


class DemoVoteError(ValueError):
    pass


@dataclass(frozen=True)
class Frame:
    """Street-aligned metres: s along the street from its start, t across it (left +)."""

    x0: float
    y0: float
    ux: float
    uy: float
    length: float

    def rd(self, s: float, t: float) -> tuple[float, float]:
        return (self.x0 + self.ux * s - self.uy * t, self.y0 + self.uy * s + self.ux * t)

    def pixel(self, s: float, t: float) -> tuple[float, float]:
        width, height = SIZE
        return (s / self.length * width, (HALF_WIDTH - t) / (2 * HALF_WIDTH) * height)


def _to_wgs84() -> CoordTransform:
    return CoordTransform(SpatialReference(RD), SpatialReference(4326))


def _wgs84(frame: Frame, s: float, t: float) -> tuple[float, float]:
    point = Point(*frame.rd(s, t), srid=RD)
    point.transform(_to_wgs84())
    return (round(point.x, 7), round(point.y, 7))


def _home() -> Area:
    """The demo resident's home neighbourhood (accounts/demo.py), or the first one of a
    priority district."""
    resident = User.objects.filter(username="bewoner", home_neighbourhood__isnull=False).first()
    if resident is not None:
        return resident.home_neighbourhood
    home = (
        Area.objects.neighbourhoods()
        .of_municipality()
        .filter(parent__is_priority=True)
        .order_by("code")
        .first()
    )
    if home is None:
        raise DemoVoteError("no priority district loaded (manage.py setup_demo)")
    return home


def _longest_line(geom: GEOSGeometry) -> LineString | None:
    parts = [geom] if geom.geom_type == "LineString" else list(geom) if geom.num_geom else []
    lines = [p for p in parts if p.geom_type == "LineString" and not p.empty]
    return max(lines, key=lambda line: line.length, default=None)


def _street(home: Area) -> tuple[LineString, PlannedWork | None]:
    """The street: the part of a demo planned work (street works or sewer first) inside the
    home neighbourhood, at most STREET_MAX long; else a straight street through it."""
    works = PlannedWork.objects.filter(is_demo=True, geom__intersects=home.geom).order_by(
        "name", "pk"
    )
    order = {PlannedWork.Kind.STREET: 0, PlannedWork.Kind.SEWER: 1, PlannedWork.Kind.GREEN: 2}
    for work in sorted(works, key=lambda w: order.get(w.kind, 9)):
        if work.kind not in order:
            continue
        line = _longest_line(work.geom.intersection(home.geom))
        if line is not None and line.transform(RD, clone=True).length >= 60:
            return _first_metres(line), work
    spot = home.geom.point_on_surface.transform(RD, clone=True)
    straight = LineString((spot.x - 90, spot.y), (spot.x + 90, spot.y), srid=RD)
    straight.transform(_to_wgs84())
    return straight, None


def _first_metres(line: LineString) -> LineString:
    rd = line.transform(RD, clone=True)
    coords, walked = [rd.coords[0]], 0.0
    for a, b in zip(rd.coords, rd.coords[1:], strict=False):
        step = math.dist(a, b)
        if walked + step >= STREET_MAX:
            f = (STREET_MAX - walked) / step
            coords.append((a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f))
            break
        coords.append(b)
        walked += step
    cut = LineString(coords, srid=RD)
    cut.transform(_to_wgs84())
    return cut


def _frame(street: LineString) -> Frame:
    rd = street.transform(RD, clone=True)
    (x0, y0), (x1, y1) = rd.coords[0], rd.coords[-1]
    length = math.dist((x0, y0), (x1, y1))
    return Frame(x0, y0, (x1 - x0) / length, (y1 - y0) / length, length)


# --- the three designs ------------------------------------------------------------------
# Each design is a list of (kind, shape) in street metres: ("tree"|"bench", (s, t)),
# ("parking"|"play", (s0, t0, s1, t1)) rectangles, ("path", [(s, t), …]).


def _design_green(length: float, rng: random.Random) -> list:
    items = [("tree", (s, side * 10.5)) for s in _every(8, length, 12) for side in (1, -1)]
    items += [("bench", (s, 8.0)) for s in _every(30, length, 45)]
    items += [("parking", (s, -8.5, s + 5, -6.5)) for s in _every(20, length - 10, 25)]
    items.append(("path", [(0, 14.0), (length / 2, 14.0 + rng.uniform(-1, 1)), (length, 14.0)]))
    return items


def _design_parking(length: float, rng: random.Random) -> list:
    items = [("parking", (s, t, s + 5, t + 2)) for s in _every(4, length - 6, 6) for t in (6, -8)]
    items += [("tree", (s, -11.0)) for s in _every(15, length, 40)]
    items += [("bench", (length / 2 + rng.uniform(-10, 10), 10.0))]
    return items


def _design_play(length: float, rng: random.Random) -> list:
    middle = length / 2
    items = [("play", (middle - 18, 6.0, middle + 18, 15.0))]
    items += [("tree", (s + rng.uniform(-2, 2), 11.0)) for s in _every(6, length, 20)]
    items += [("tree", (s, -11.0)) for s in _every(10, length, 16)]
    items += [("bench", (middle - 22, 9.0)), ("bench", (middle + 22, 9.0))]
    items += [("parking", (s, -8.5, s + 5, -6.5)) for s in _every(10, length - 10, 30)]
    items.append(("path", [(0, -14.0), (length, -14.0)]))
    return items


DESIGNS = [
    (
        "Groene straat",
        "Bomen aan beide kanten, bankjes in de schaduw en een wandelpad langs de huizen. "
        "Parkeren aan één kant, in vakken tussen de bomen.",
        _design_green,
    ),
    (
        "Parkeren aan twee kanten",
        "Parkeervakken aan beide kanten van de straat, een rij bomen aan de zuidkant en "
        "één bank halverwege. De rijbaan blijft even breed als nu.",
        _design_parking,
    ),
    (
        "Speelstraat",
        "Een speelplek midden in de straat met bankjes ernaast, bomen langs beide kanten "
        "en een voetpad. Minder parkeervakken, alleen aan één kant.",
        _design_play,
    ),
]
COLOURS = {
    "road": (150, 150, 150),
    "pavement": (222, 214, 196),
    "verge": (170, 205, 140),
    "tree": (46, 125, 50),
    "bench": (121, 85, 72),
    "parking": (96, 125, 139),
    "path": (230, 190, 120),
    "play": (255, 183, 77),
}


def _every(start: float, end: float, step: float) -> list[float]:
    return [start + i * step for i in range(int(max(0.0, end - start) // step) + 1)]


def _geojson(frame: Frame, items: list) -> dict:
    features = []
    for kind, shape in items:
        if kind in ("tree", "bench"):
            geometry = {"type": "Point", "coordinates": _wgs84(frame, *shape)}
        elif kind == "path":
            geometry = {"type": "LineString", "coordinates": [_wgs84(frame, *p) for p in shape]}
        else:
            s0, t0, s1, t1 = shape
            ring = [(s0, t0), (s1, t0), (s1, t1), (s0, t1), (s0, t0)]
            geometry = {"type": "Polygon", "coordinates": [[_wgs84(frame, *p) for p in ring]]}
        features.append({"type": "Feature", "geometry": geometry, "properties": {"kind": kind}})
    return {"type": "FeatureCollection", "features": features}


def _drawing(frame: Frame, items: list) -> ContentFile:
    """A plan of the street: rijbaan in the middle, stoep and berm either side, and the
    design's features where its GeoJSON puts them."""
    image = Image.new("RGB", SIZE, COLOURS["verge"])
    draw = ImageDraw.Draw(image)
    px = frame.pixel

    def band(t_top: float, t_bottom: float, colour) -> None:
        draw.rectangle([px(0, t_top), px(frame.length, t_bottom)], fill=colour)

    band(5.0, -5.0, COLOURS["pavement"])
    band(3.0, -3.0, COLOURS["road"])
    for s in _every(0, frame.length, 6):  # the centre line
        draw.line([px(s, 0), px(s + 3, 0)], fill="white", width=2)
    for kind, shape in items:
        if kind == "tree":
            x, y = px(*shape)
            draw.ellipse([x - 11, y - 11, x + 11, y + 11], fill=COLOURS["tree"], outline="black")
        elif kind == "bench":
            x, y = px(*shape)
            draw.rectangle([x - 9, y - 4, x + 9, y + 4], fill=COLOURS["bench"])
        elif kind == "path":
            draw.line([px(*p) for p in shape], fill=COLOURS["path"], width=8)
        else:
            s0, t0, s1, t1 = shape
            box = [px(s0, max(t0, t1)), px(s1, min(t0, t1))]
            draw.rectangle(box, fill=COLOURS[kind], outline="white", width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return ContentFile(out.getvalue(), name="ontwerp.png")


def _corners(frame: Frame) -> list[list[float]]:
    """Top-left, top-right, bottom-left, bottom-right of the drawing, on the street."""
    return [
        list(_wgs84(frame, 0, HALF_WIDTH)),
        list(_wgs84(frame, frame.length, HALF_WIDTH)),
        list(_wgs84(frame, 0, -HALF_WIDTH)),
        list(_wgs84(frame, frame.length, -HALF_WIDTH)),
    ]


def _voting_dates(now: dt.datetime) -> dict[str, dt.datetime | None]:
    return {
        "published_at": now - dt.timedelta(days=10),
        "voting_opens_at": now - OPENED,
        "voting_closes_at": now - OPENED + OPEN_FOR,
        "result_published_at": None,
    }


def _designer() -> User:
    designer = (
        User.objects.filter(username="ontwerper", role=User.Role.DESIGNER).first()
        or User.objects.filter(role=User.Role.DESIGNER, is_active=True).order_by("pk").first()
    )
    if designer is None:
        raise DemoVoteError("no designer account: load the demo accounts first (setup_demo)")
    return designer


def generate_demo_vote(*, seed: int = 2012, now: dt.datetime | None = None) -> RedesignProject:
    """The demo project, voting open now. Made once; a later run only moves its dates back
    into the voting phase when they have run out (a demo checkout lives for weeks)."""
    now = now or timezone.now()
    existing = RedesignProject.objects.filter(is_demo=True).order_by("pk").first()
    if existing is not None:
        if existing.phase_at(now) != RedesignProject.Phase.VOTING:
            RedesignProject.objects.filter(pk=existing.pk).update(**_voting_dates(now))
            existing.refresh_from_db()
            transaction.on_commit(pagecache.purge)  # as below
        return existing

    rng = random.Random(seed)
    designer = _designer()
    home = _home()
    street, work = _street(home)
    frame = _frame(street)
    district_hoods = Area.objects.neighbourhoods().filter(parent=home.parent).order_by("code")
    what = work.name if work is not None else f"werkzaamheden in {home.name}"
    with transaction.atomic():
        project = services.project_save(
            by=designer,
            title=f"Herinrichting na {what[0].lower()}{what[1:]}",
            description=(
                "Na de werkzaamheden wordt deze straat opnieuw ingericht. De ontwerpers "
                "hebben drie ontwerpen gemaakt: bekijk ze op de kaart, vergelijk ze naast "
                f"elkaar en kies het ontwerp dat u het beste vindt.\n\n{DEMO_NOTE}"
            ),
            geom=street,
            eligible_area_codes=list(district_hoods.values_list("code", flat=True)),
            method=RedesignProject.Method.SINGLE,
            eligibility=RedesignProject.Eligibility.RESIDENTS,
            allow_vote_change=True,
            voting_opens_at=now + dt.timedelta(days=1),  # a draft first: options come next
            voting_closes_at=now + OPEN_FOR,
            planned_work=work,
        )
        for order, (title, description, design) in enumerate(DESIGNS):
            items = design(frame.length, rng)
            option = services.option_save(
                by=designer,
                project=project,
                title=title,
                description=f"{description}\n\n{DEMO_NOTE}",
                overlay=_drawing(frame, items),
                overlay_corners=_corners(frame),
                features=_geojson(frame, items),
                order=order,
            )
            services.option_image_add(
                by=designer,
                option=option,
                image=_drawing(frame, items),
                alt=f"Bovenaanzicht van het ontwerp ‘{title}’: {description}",
            )
        services.project_publish(by=designer, project=project)
        RedesignProject.objects.filter(pk=project.pk).update(is_demo=True, **_voting_dates(now))
    project.refresh_from_db()
    # update() sends no signal: the map page's cached projects are stale once committed.
    transaction.on_commit(pagecache.purge)
    return project
