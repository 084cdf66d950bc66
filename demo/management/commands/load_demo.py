from django.core.management.base import BaseCommand

from demo.data import load_demo


class Command(BaseCommand):
    help = "Load the demo data (the real voluntary-return story plus made-up examples). Safe to run twice."

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {counts['motions']} moties, {counts['commitments']} toezeggingen, "
                f"{counts['letters']} brieven."
            )
        )
        self.stdout.write(
            f"Log in at /admin/ as 'admin' (all ministries), 'jenv' or 'aenm' (one ministry each); "
            f"password '{counts['password']}'."
        )
