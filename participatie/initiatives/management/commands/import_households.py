"""manage.py import_households <file.csv> [--year 2024] [--source "CBS kerncijfers 2024"]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from participatie.initiatives.services import households_import


class Command(BaseCommand):
    help = (
        "Import households per neighbourhood from a CBS 'Kerncijfers wijken en buurten' CSV "
        "(';' or ',' separated; columns gwb_code/WijkenEnBuurten and aantal_huishoudens)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--source", default="CBS, Kerncijfers wijken en buurten")
        parser.add_argument("--encoding", default="utf-8")

    def handle(self, *args, file, year, source, encoding, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding=encoding)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        try:
            result = households_import(text=text, year=year, source=source)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"{result.imported} neighbourhoods imported; {result.skipped_levels} rows of other "
            f"levels skipped; {len(result.unknown)} unknown codes; "
            f"{len(result.empty)} without a count."
        )
        if result.unknown:
            self.stdout.write("Unknown: " + ", ".join(result.unknown[:20]))
