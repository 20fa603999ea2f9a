from django.core.management.base import BaseCommand

from participatie.privacy.services import retention_apply


class Command(BaseCommand):
    help = (
        "Delete closed confidential signals older than CONFIDENTIAL_RETENTION_DAYS and "
        "sign-ups never confirmed within UNCONFIRMED_ACCOUNT_DAYS. `make run` runs it at "
        "start and then daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="only print what would be deleted"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        result = retention_apply(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"apply_retention: {verb} {result.confidential_signals} confidential signal(s), "
            f"{result.unconfirmed_accounts} unconfirmed account(s)"
        )
