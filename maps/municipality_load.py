"""Loading the configured municipality: its areas and the programme's partners.

Assen's areas ship with the code (fixtures/assen) and load when MUNICIPALITY_CODE is
Assen's. Another municipality's come from the files AREA_FILES names (municipality,
districts, neighbourhoods: CBS-style GeoJSON in WGS84), or were imported beforehand with
`manage.py import_areas`. Nothing of Assen is loaded for another municipality.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from maps import pagecache
from maps.importers import LEVELS, import_areas
from maps.models import Area
from maps.partners.programme import ASSEN_CODE, programme_partners_ensure

ASSEN_FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "assen"
ASSEN_SOURCE = "CBS / Kadaster (wijk- en buurtkaart 2021, generalised)"
ASSEN_FILES = [
    ASSEN_FIXTURES / "assen_gemeente.geojson",
    # Districts dissolved from the 2021 neighbourhoods, so that every neighbourhood nests
    # exactly in its district (names as of 2025).
    ASSEN_FIXTURES / "assen_wijken_2021_dissolved.geojson",
    ASSEN_FIXTURES / "assen_buurten_2021.geojson",
]
# The source the README's recipe gives for the CBS wijk- en buurtkaart.
AREA_FILES_SOURCE = "CBS / Kadaster"


class MunicipalityMissing(ValueError):
    pass


def _area_files(code: str, area_files: list[str]) -> tuple[list[Path], str]:
    if area_files:
        if len(area_files) != len(LEVELS):
            raise MunicipalityMissing(
                "AREA_FILES names three GeoJSON files, comma-separated, in this order: the "
                f"municipality, its districts, its neighbourhoods (got {len(area_files)})."
            )
        return [Path(f) for f in area_files], AREA_FILES_SOURCE
    if code == ASSEN_CODE:
        return ASSEN_FILES, ASSEN_SOURCE
    return [], ""


@transaction.atomic
def municipality_load(*, code: str, area_files: list[str], priority_names: list[str]) -> list[str]:
    """Import the municipality's areas (see the module), make sure it is there, load the
    programme's partners and flag its priority districts by name. Returns report lines.
    Raises MunicipalityMissing, or ImportAborted for a file with problems (nothing changes)."""
    lines = []
    files, source = _area_files(code, area_files)
    for level, path in zip(LEVELS[: len(files)], files, strict=True):
        if not path.is_file():
            raise MunicipalityMissing(f"AREA_FILES: there is no file {path}")
        lines.append(import_areas(path=path, level=level, source=source).summary())
    municipality = Area.objects.municipality(code).first()
    if municipality is None:
        raise MunicipalityMissing(
            f"municipality {code} (MUNICIPALITY_CODE) is not loaded"
            + (" and the files of AREA_FILES do not hold it" if files else "")
            + ". Name its areas in AREA_FILES=gemeente.geojson,wijken.geojson,buurten.geojson "
            "or import them with `manage.py import_areas` (README: Loading another "
            "municipality)."
        )
    partners = programme_partners_ensure(code=code, municipality_name=municipality.name)
    lines.append("partners: " + ", ".join(p.name for p in partners))
    districts = Area.objects.districts().filter(parent=municipality)
    districts.update(is_priority=False)
    flagged = districts.filter(name__in=priority_names).update(is_priority=True)
    transaction.on_commit(pagecache.purge)  # update() sends no signal
    lines.append(f"priority districts: {flagged} ({', '.join(priority_names) or '-'})")
    return lines
