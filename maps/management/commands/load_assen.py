from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maps.importers import ImportAborted, import_areas
from maps.models import Area
from maps.partners.models import Partner

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "assen"
SOURCE = "CBS / Kadaster (wijk- en buurtkaart 2021, generalised)"
FILES = [
    ("municipality", "assen_gemeente.geojson"),
    # Districts dissolved from the 2021 neighbourhoods, so that every neighbourhood nests
    # exactly in its district (names as of 2025).
    ("district", "assen_wijken_2021_dissolved.geojson"),
    ("neighbourhood", "assen_buurten_2021.geojson"),
]
PARTNERS = [
    ("Gemeente Assen", "gemeente-assen", Partner.Kind.MUNICIPALITY, "https://www.assen.nl"),
    ("Actium", "actium", Partner.Kind.HOUSING, "https://www.actium.nl"),
    ("Vaart Welzijn", "vaart-welzijn", Partner.Kind.WELFARE, "https://www.vaartwelzijn.nl"),
]


class Command(BaseCommand):
    help = "Load the municipality of Assen, its districts and neighbourhoods, and its partners."

    def handle(self, *args, **opts):
        for name, slug, kind, website in PARTNERS:
            Partner.objects.update_or_create(
                slug=slug, defaults={"name": name, "kind": kind, "website": website}
            )
        for level, filename in FILES:
            try:
                report = import_areas(path=FIXTURES / filename, level=level, source=SOURCE)
            except ImportAborted as exc:
                raise CommandError(exc.report.summary()) from None
            self.stdout.write(report.summary())
        districts = Area.objects.districts()
        districts.update(is_priority=False)
        flagged = districts.filter(name__in=settings.PRIORITY_DISTRICTS).update(is_priority=True)
        self.stdout.write(
            f"priority districts: {flagged} ({', '.join(settings.PRIORITY_DISTRICTS)})"
        )
