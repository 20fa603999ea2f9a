from django.core.management.base import BaseCommand, CommandError

from participatie.pins.demo import generate_demo_pins
from participatie.pins.models import Pin


class Command(BaseCommand):
    help = (
        "Generate about 300 demo ideas and complaints with supports and comments (marked as demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2012)
        parser.add_argument("--reset", action="store_true", help="regenerate existing demo pins")

    def handle(self, *args, seed, reset, **opts):
        if not reset and Pin.objects.filter(is_demo=True).exists():
            self.stdout.write("demo pins present (use --reset to regenerate)")
            return
        try:
            counts = generate_demo_pins(seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("demo pins: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
