from django.core.management.base import BaseCommand, CommandError

from participatie.voting.demo import DemoVoteError, generate_demo_vote


class Command(BaseCommand):
    help = (
        "Make the demo redesign vote (a street in a priority district, three options, voting "
        "open; marked as demo), or move its dates back into the voting phase."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2012)

    def handle(self, *args, seed, **opts):
        try:
            project = generate_demo_vote(seed=seed)
        except DemoVoteError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"demo redesign vote: /herinrichting/{project.slug}/ "
            f"({project.options.count()} options, voting until "
            f"{project.voting_closes_at:%Y-%m-%d})"
        )
