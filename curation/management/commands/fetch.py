from django.core.management.base import BaseCommand

from curation.jobs import queue_fetch
from curation.jobs.progress import CommandProgress
from curation.sources import import_identifiers

from .import_bibtex import ENTRIES_CHECKED, ENTRIES_WRITTEN, print_queued, print_report


class Command(BaseCommand):
    help = (
        "Add papers by identifier (doi:, arxiv:, openalex:W…, s2:) or a person's works (orcid:, dblp:, openalex:A…), "
        "fetched from Crossref, DataCite, arXiv, OpenAlex, Semantic Scholar, ORCID or DBLP. Papers already present "
        "are completed, never duplicated; one fetch is one import in the history, reverted as one."
    )

    def add_arguments(self, parser):
        parser.add_argument("identifiers", nargs="+", metavar="IDENTIFIER")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Write what could be fetched and list what could not."
        )
        parser.add_argument(
            "--background", action="store_true", help="Queue it as a job (see the admin's Jobs page) and return."
        )

    def handle(self, *args, identifiers, dry_run, skip_invalid, background, **options):
        if background:
            print_queued(self, queue_fetch(identifiers, dry_run=dry_run, skip_invalid=skip_invalid))
            return
        written = ENTRIES_CHECKED if dry_run else ENTRIES_WRITTEN
        with CommandProgress(self, len(identifiers), "identifiers fetched") as bar:
            report = import_identifiers(
                identifiers,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                fetched=lambda done, total, _: bar.update(done, total, "identifiers fetched"),
                progress=lambda done, total: bar.update(done, total, written),
            )
        name = " ".join(identifiers)
        print_report(
            self, report, dry_run=dry_run, skip_invalid=skip_invalid, name=name, verbosity=options["verbosity"]
        )
