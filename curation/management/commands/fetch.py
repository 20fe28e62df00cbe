from django.core.management.base import BaseCommand

from curation.sources import import_identifiers

from .import_bibtex import print_report


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

    def handle(self, *args, identifiers, dry_run, skip_invalid, **options):
        report = import_identifiers(identifiers, dry_run=dry_run, skip_invalid=skip_invalid)
        name = " ".join(identifiers)
        print_report(
            self, report, dry_run=dry_run, skip_invalid=skip_invalid, name=name, verbosity=options["verbosity"]
        )
