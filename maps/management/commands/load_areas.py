from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maps.importers import ImportAborted
from maps.municipality_load import MunicipalityMissing, municipality_load


class Command(BaseCommand):
    help = (
        "Load the municipality MUNICIPALITY_CODE names: Assen's shipped areas for Assen, "
        "else the files AREA_FILES names (or areas imported before); its partners and "
        "priority districts (PRIORITY_DISTRICTS)."
    )

    def handle(self, *args, **opts):
        try:
            lines = municipality_load(
                code=settings.MUNICIPALITY_CODE,
                area_files=settings.AREA_FILES,
                priority_names=settings.PRIORITY_DISTRICTS,
            )
        except ImportAborted as exc:
            raise CommandError(exc.report.summary()) from None
        except MunicipalityMissing as exc:
            raise CommandError(str(exc)) from None
        for line in lines:
            self.stdout.write(line)
