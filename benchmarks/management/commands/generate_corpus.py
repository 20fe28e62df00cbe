from django.core.management.base import BaseCommand, CommandError

from benchmarks.corpus import CorpusGenerator


class Command(BaseCommand):
    help = "Write a DBLP-shaped synthetic corpus of N papers (with their people, venues, awards) into the database."

    def add_arguments(self, parser):
        parser.add_argument("--papers", type=int, required=True, help="Number of papers to generate.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed: the same seed writes the same corpus.")

    def handle(self, *args, papers, seed, **options):
        if papers < 1:
            raise CommandError("--papers must be at least 1.")
        log = self.stdout.write if options["verbosity"] > 1 else None
        counts = CorpusGenerator(papers, seed=seed, log=log).run()
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(f"Generated with seed {seed}: {summary}.")
