import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from maps.partners.programme import partner_of
from participatie.pins.models import Category

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "categories.json"
FIELDS = ("name", "name_en", "description", "kinds", "colour", "ordering", "is_active")


class Command(BaseCommand):
    help = "Create or update the pin categories from a JSON file (by slug; safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)

    @transaction.atomic
    def handle(self, *args, file: Path, **opts):
        try:
            items = json.loads(file.read_text(encoding="utf-8"))["categories"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"cannot read categories from {file.name}: {exc}") from None
        # The file names Assen's partners; another municipality's partner of the same kind
        # stands in for them where Assen's are not loaded.
        partners = {}
        created = 0
        for item in items:
            partner_slug = item.get("default_partner")
            if partner_slug and partner_slug not in partners:
                partners[partner_slug] = partner_of(partner_slug)
            if partner_slug and partners[partner_slug] is None:
                raise CommandError(
                    f"{item['slug']}: unknown partner {partner_slug!r} (load_areas?)"
                )
            sensitive = bool(item.get("is_sensitive", False))
            values = {key: item[key] for key in FIELDS if key in item}
            values |= {
                "default_partner": partners.get(partner_slug),
                "is_sensitive": sensitive,
                # Sensitive categories are never public, whatever the file says.
                "is_public": bool(item.get("is_public", True)) and not sensitive,
            }
            category = Category.objects.filter(slug=item["slug"]).first() or Category(
                slug=item["slug"]
            )
            for key, value in values.items():
                setattr(category, key, value)
            try:
                category.full_clean()
            except ValidationError as exc:
                raise CommandError(f"{item['slug']}: {exc.messages}") from None
            created += category.pk is None
            category.save()
        self.stdout.write(f"categories: {len(items)} ({created} new)")
