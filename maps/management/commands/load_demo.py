from django.core.management.base import BaseCommand

from maps.demo import generate_demo
from maps.models import Playground


class Command(BaseCommand):
    help = "Generate demo playgrounds, greenery, planned works and centres (marked as demo)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2012)
        parser.add_argument("--reset", action="store_true", help="regenerate existing demo data")

    def handle(self, *args, seed, reset, **opts):
        if not reset and Playground.objects.filter(is_demo=True).exists():
            self.stdout.write("demo map content present (use --reset to regenerate)")
            return
        counts = generate_demo(seed=seed)
        self.stdout.write("demo map content: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
