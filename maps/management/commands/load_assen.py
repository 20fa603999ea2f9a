from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maps.importers import ImportAborted
from maps.municipality_load import MunicipalityMissing, municipality_load
from maps.partners.programme import ASSEN_CODE


class Command(BaseCommand):
    help = (
        "Load the municipality of Assen, its districts and neighbourhoods (shipped with the "
        "code), and its partners, whatever MUNICIPALITY_CODE says (`load_areas` follows it)."
    )

    def handle(self, *args, **opts):
        try:
            lines = municipality_load(
                code=ASSEN_CODE, area_files=[], priority_names=settings.PRIORITY_DISTRICTS
            )
        except ImportAborted as exc:
            raise CommandError(exc.report.summary()) from None
        except MunicipalityMissing as exc:
            raise CommandError(str(exc)) from None
        for line in lines:
            self.stdout.write(line)
