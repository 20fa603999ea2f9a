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
        self.stdout.write(
            "\nDemo log-ins (demo data only; passwords are random per installation). Residents"
            "\nlog in at /account/inloggen/ with the e-mail address, staff at /admin/ with the"
            "\nuser name:"
        )
        for username, email, role, password in accounts:
            self.stdout.write(f"  {role:<28} {username:<10} {email:<24} {password}")
