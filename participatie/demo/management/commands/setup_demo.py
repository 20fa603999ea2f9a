from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation

from participatie.accounts.demo import demo_accounts_ensure


class Command(BaseCommand):
    help = "Load Assen, the demo content and one demo account per role; print the log-ins."

    def handle(self, *args, **opts):
        call_command("load_assen", stdout=self.stdout)
        call_command("load_categories", stdout=self.stdout)
        call_command("load_demo", stdout=self.stdout)
        with translation.override("en"):
            accounts = demo_accounts_ensure()
        # Demo pins are posted by the demo resident among others, so accounts come first.
        call_command("load_demo_pins", stdout=self.stdout)
        # The demo redesign vote is made by the demo designer, for the demo resident to vote.
        call_command("load_demo_votes", stdout=self.stdout)
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
