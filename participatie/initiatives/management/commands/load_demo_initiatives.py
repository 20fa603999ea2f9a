from django.core.management.base import BaseCommand, CommandError

from participatie.initiatives.demo import generate_demo_initiatives


class Command(BaseCommand):
    help = (
        "Make the demo neighbourhood initiatives (every state, spread over the districts; "
        "marked as demo), this year's budget per district and the example household figures."
    )

    def handle(self, *args, **opts):
        try:
            made = generate_demo_initiatives()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        counts = ", ".join(f"{status} {n}" for status, n in sorted(made.items()))
        self.stdout.write(f"demo initiatives: {sum(made.values())} ({counts})")
