from django.core.management.base import BaseCommand, CommandError

from maps.importers import LEVELS, ImportAborted, import_areas


class Command(BaseCommand):
    help = (
        "Create or update areas (municipality, districts or neighbourhoods) from a CBS-style "
        "GeoJSON file in WGS84. Import the municipality first, then districts, then "
        "neighbourhoods. Nothing changes when the file has problems (see the report)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="GeoJSON FeatureCollection (EPSG:4326 / CRS84)")
        parser.add_argument("--level", required=True, choices=LEVELS)
        parser.add_argument("--code-field", help="property with the CBS code (auto-detected)")
        parser.add_argument("--name-field", help="property with the name (auto-detected)")
        parser.add_argument(
            "--parent-field",
            help="property with the parent's code (default: detected, or derived from the code)",
        )
        parser.add_argument("--source", default="", help="attribution, e.g. 'CBS / Kadaster'")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid features and report the others, instead of aborting",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args, **opts):
        try:
            report = import_areas(
                path=opts["path"],
                level=opts["level"],
                code_field=opts["code_field"],
                name_field=opts["name_field"],
                parent_field=opts["parent_field"],
                source=opts["source"],
                skip_invalid=opts["skip_invalid"],
                dry_run=opts["dry_run"],
            )
        except ImportAborted as exc:
            raise CommandError(exc.report.summary()) from None
        self.stdout.write(report.summary())
