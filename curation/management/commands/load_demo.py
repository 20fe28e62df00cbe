from django.core.management.base import BaseCommand

from curation.demo import DEMO_DIR, load_demo


class Command(BaseCommand):
    help = f"Load the seed researcher profiles from {DEMO_DIR} (idempotent)."

    def handle(self, *args, **options):
        changed = load_demo()
        self.stdout.write(
            f"Demo data loaded: {changed} rows written" + (" (already up to date)." if not changed else ".")
        )
