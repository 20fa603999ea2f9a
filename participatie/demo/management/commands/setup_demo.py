from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from maps import pagecache
from maps.models import Area
from participatie.accounts.demo import demo_accounts_ensure


def priority_district_ensure() -> Area | None:
    """The demo's accounts, information centres and redesign vote live in a priority
    district. Where none of PRIORITY_DISTRICTS exists (another municipality's names), the
    demo flags the municipality's first district (by code); returns it, or None."""
    districts = Area.objects.districts().of_municipality()
    if districts.filter(is_priority=True).exists():
        return None
    first = districts.order_by("code").first()
    if first is not None:
        districts.filter(pk=first.pk).update(is_priority=True)
        transaction.on_commit(pagecache.purge)  # update() sends no signal
    return first


class Command(BaseCommand):
    help = (
        "Load the municipality (Assen, or the one MUNICIPALITY_CODE and AREA_FILES name), the "
        "demo content inside it and one demo account per role; print the log-ins."
    )

    def handle(self, *args, **opts):
        # The municipality MUNICIPALITY_CODE names: Assen's shipped areas, or AREA_FILES.
        call_command("load_areas", stdout=self.stdout)
        flagged = priority_district_ensure()
        if flagged is not None:
            self.stdout.write(
                f"no district of PRIORITY_DISTRICTS here: the demo flags {flagged.name}"
            )
        call_command("load_categories", stdout=self.stdout)
        call_command("load_demo", stdout=self.stdout)
        with translation.override("en"):
            accounts = demo_accounts_ensure()
        # Demo pins are posted by the demo resident among others, so accounts come first.
        call_command("load_demo_pins", stdout=self.stdout)
        # The demo redesign vote is made by the demo designer, for the demo resident to vote.
        call_command("load_demo_votes", stdout=self.stdout)
        # Initiatives in every state, organised and backed by demo residents, decided by the
        # district teams; this year's budget per district and the example household figures.
        call_command("load_demo_initiatives", stdout=self.stdout)
        self.stdout.write(
            "\nDemo log-ins (demo data only; passwords are random per installation). Everyone"
            "\nlogs in at /account/inloggen/ with the e-mail address:"
        )
        for account in accounts:
            self.stdout.write(
                f"  {account.role:<28} {account.username:<10} {account.email:<24} "
                f"{account.password}"
            )
        self.stdout.write(
            "\nStaff then enter a code from an authenticator app (two-step log-in). Add the"
            "\nkey below to one (FreeOTP, Aegis, Google or Microsoft Authenticator; or scan a"
            "\nQR code of the otpauth URI), or print the current code with"
            "\n`.venv/bin/python manage.py demo_code <user>`:"
        )
        for account in accounts:
            if account.totp_secret:
                self.stdout.write(f"  {account.username:<10} {account.totp_secret}")
                self.stdout.write(f"  {'':<10} {account.totp_uri}")
