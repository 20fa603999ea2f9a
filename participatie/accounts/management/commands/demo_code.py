from django.core.management.base import BaseCommand, CommandError

from participatie.accounts.demo import demo_code


class Command(BaseCommand):
    help = (
        "Print the current two-step log-in code of a demo staff account (e.g. wijkteam), "
        "for trying the site without an authenticator app. Demo accounts only."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="wijkteam, buurtteam, ontwerper or beheerder")

    def handle(self, *args, username, **opts):
        code = demo_code(username)
        if code is None:
            raise CommandError(f"{username} is not a demo staff account of this installation.")
        self.stdout.write(code)
