"""Import CBS-style area boundaries from GeoJSON.

Works for any municipality: field names are detected (CBS/PDOK and cartomap spellings) or
given explicitly, parents are taken from a field or derived from the nested CBS code
(BU0106xxxx lies in WK0106xx, which lies in GM0106). File-level problems (unreadable or
empty file, a CRS other than WGS84 lon/lat, coordinates out of range or swapped) abort the
whole import. Feature-level problems are collected: repairable geometries are repaired and
reported; anything else makes the import abort unless `skip_invalid` is set, in which case
the rest is imported and every skipped feature is reported with its reason. An aborted
import changes nothing.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction

from maps.models import Area

LEVELS = ("municipality", "district", "neighbourhood")
CODE_FIELDS = {
    "municipality": ["gemeentecode", "GM_CODE", "gm_code", "statcode", "code"],
    "district": ["wijkcode", "WK_CODE", "wk_code", "statcode", "code"],
    "neighbourhood": ["buurtcode", "BU_CODE", "bu_code", "statcode", "code"],
}
NAME_FIELDS = {
    "municipality": ["gemeentenaam", "GM_NAAM", "gm_naam", "statnaam", "name", "naam"],
    "district": ["wijknaam", "WK_NAAM", "wk_naam", "statnaam", "name", "naam"],
    "neighbourhood": ["buurtnaam", "BU_NAAM", "bu_naam", "statnaam", "name", "naam"],
}
PARENT_FIELDS = {
    "municipality": [],
    "district": ["gemeentecode", "GM_CODE", "gm_code"],
    "neighbourhood": ["wijkcode", "WK_CODE", "wk_code"],
}
WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "CRS84",
    "OGC:CRS84",
    "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
}


class ImportAborted(Exception):
    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__("\n".join(report.errors))


@dataclass
class ImportReport:
    level: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        lines = []
        if self.errors:
            lines.append("Import aborted; the database is unchanged.")
            lines += [f"  error: {e}" for e in self.errors]
        verb = "would be" if self.dry_run else ""
        lines.append(
            f"{self.level}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.repaired)} repaired, {len(self.skipped)} skipped"
            + (f" ({verb} written)" if self.dry_run else "")
        )
        lines += [f"  repaired: {r}" for r in self.repaired]
        lines += [f"  skipped: {s}" for s in self.skipped]
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def derive_parent_code(level: str, code: str) -> str | None:
    """Parent code from a nested CBS code: BU0106xxxx → WK0106xx, WK0106xx → GM0106."""
    if level == "neighbourhood" and code.startswith("BU") and len(code) == 10:
        return "WK" + code[2:8]
    if level == "district" and code.startswith("WK") and len(code) == 8:
        return "GM" + code[2:6]
    return None


def _pick(props: dict, explicit: str | None, candidates: list[str]) -> object:
    if explicit:
        return props.get(explicit)
    for name in candidates:
        if props.get(name) not in (None, ""):
            return props[name]
    return None


def _check_crs(data: dict) -> None:
    crs = data.get("crs")
    if not crs:
        return  # RFC 7946: GeoJSON without "crs" is WGS84 lon/lat
    name = (crs.get("properties") or {}).get("name", "") if isinstance(crs, dict) else ""
    if name not in WGS84_NAMES:
        raise ValueError(
            f"the file's CRS is {name or crs!r}; areas must be WGS84 longitude/latitude "
            "(EPSG:4326 / CRS84). Reproject it first, e.g. "
            "ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
        )


def _check_coordinates(geom: GEOSGeometry) -> str | None:
    """A reason when the coordinates cannot be WGS84 lon/lat, else None."""
    xmin, ymin, xmax, ymax = geom.extent
    for value in (xmin, ymin, xmax, ymax):
        if not math.isfinite(value):
            return "coordinates are not finite numbers"
    if xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90:
        return (
            f"coordinates ({xmin:.0f}, {ymin:.0f}) are not longitude/latitude degrees; "
            "is the file in another CRS (e.g. RD New, EPSG:28992)?"
        )
    return None


def _to_multipolygon(raw: dict) -> tuple[MultiPolygon | None, str | None, bool]:
    """(multipolygon, problem, repaired) for one GeoJSON geometry."""
    if not raw:
        return None, "no geometry", False
    try:
        geom = GEOSGeometry(json.dumps(raw), srid=4326)
    except (GEOSException, GDALException, ValueError, TypeError) as exc:
        return None, f"unreadable geometry ({exc})", False
    if geom.empty:
        return None, "empty geometry", False
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None, f"a {geom.geom_type} is not an area (Polygon or MultiPolygon expected)", False
    if problem := _check_coordinates(geom):
        return None, problem, False
    repaired = False
    if not geom.valid:
        fixed = geom.make_valid()
        polygons = _polygons_of(fixed)
        if not polygons:
            return None, f"invalid geometry that cannot be repaired ({geom.valid_reason})", False
        geom = MultiPolygon(polygons, srid=4326)
        repaired = True
    if isinstance(geom, Polygon):
        geom = MultiPolygon(geom, srid=4326)
    return geom, None, repaired


def _polygons_of(geom: GEOSGeometry) -> list[Polygon]:
    if geom.geom_type == "Polygon":
        return [geom] if not geom.empty else []
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [p for g in geom for p in _polygons_of(g)]
    return []


def import_areas(
    *,
    path: str | Path,
    level: str,
    code_field: str | None = None,
    name_field: str | None = None,
    parent_field: str | None = None,
    source: str = "",
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Create or update the areas of one level from a GeoJSON file. Raises ImportAborted."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    report = ImportReport(level=level, dry_run=dry_run)

    def abort(message: str):
        report.errors.append(message)
        raise ImportAborted(report)

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        abort(f"cannot read {path}: {exc}")
    if not text.strip():
        abort(f"{path} is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        abort(f"{path} is not valid JSON: {exc}")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        abort("the file is not a GeoJSON FeatureCollection")
    features = data.get("features") or []
    if not features:
        abort("the FeatureCollection has no features")
    try:
        _check_crs(data)
    except ValueError as exc:
        abort(str(exc))

    rows: dict[str, dict] = {}
    for index, feature in enumerate(features, start=1):
        props = (feature or {}).get("properties") or {}
        code = _pick(props, code_field, CODE_FIELDS[level])
        label = f"feature {index}" + (f" ({code})" if code else "")
        if not code:
            report.skipped.append(f"{label}: no area code (tried {', '.join(CODE_FIELDS[level])})")
            continue
        code = str(code).strip()
        if code in rows:
            report.skipped.append(f"{label}: duplicate code {code}")
            continue
        name = _pick(props, name_field, NAME_FIELDS[level])
        if not name:
            report.skipped.append(f"{label}: no name")
            continue
        geom, problem, repaired = _to_multipolygon((feature or {}).get("geometry"))
        if problem:
            report.skipped.append(f"{label}: {problem}")
            continue
        if repaired:
            report.repaired.append(f"{label}: made valid")
        parent_code = None
        if level != "municipality":
            parent_code = _pick(props, parent_field, PARENT_FIELDS[level])
            parent_code = str(parent_code).strip() if parent_code else None
            parent_code = parent_code or derive_parent_code(level, code)
            if not parent_code:
                report.skipped.append(f"{label}: no parent code and none derivable from {code}")
                continue
        rows[code] = {"name": str(name).strip(), "geom": geom, "parent_code": parent_code}

    # A coordinate-order mistake shows as every feature missing its parent.
    parents = {
        a.code: a for a in Area.objects.filter(code__in={r["parent_code"] for r in rows.values()})
    }
    for code, row in list(rows.items()):
        if level == "municipality":
            continue
        parent = parents.get(row["parent_code"])
        if parent is None:
            report.skipped.append(
                f"{code}: parent area {row['parent_code']} is not loaded; import the "
                "higher level first"
            )
            del rows[code]
            continue
        row["parent"] = parent
        if not parent.geom.intersects(row["geom"].point_on_surface):
            report.warnings.append(f"{code} ({row['name']}) lies outside its parent {parent.code}")

    if level != "municipality" and rows and len(report.warnings) == len(rows):
        swapped = all(
            row["parent"].geom.intersects(_swap(row["geom"].point_on_surface))
            for row in rows.values()
        )
        if swapped:
            abort("coordinates are in latitude/longitude order; GeoJSON needs longitude first")
    if report.skipped and not skip_invalid:
        report.errors.append(
            f"{len(report.skipped)} feature(s) could not be imported (listed below); fix the "
            "file or pass --skip-invalid to import the rest"
        )
        raise ImportAborted(report)
    if not rows:
        abort("no importable features")

    with transaction.atomic():
        existing = {a.code: a for a in Area.objects.filter(code__in=rows)}
        for code, row in rows.items():
            area = existing.get(code)
            if area and area.level != level:
                abort(f"{code} already exists as a {area.level}")
            if area is None:
                area = Area(code=code, level=level)
                report.created.append(code)
            else:
                report.updated.append(code)
            area.name = row["name"]
            area.geom = row["geom"]
            area.parent = row.get("parent")
            area.source = source or area.source
            area.full_clean(validate_unique=False, validate_constraints=False)
            area.save()
        if dry_run:
            transaction.set_rollback(True)
    return report


def _swap(point: GEOSGeometry) -> GEOSGeometry:
    swapped = point.clone()
    swapped.coords = (point.y, point.x)
    return swapped
