from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curation.homepages import hugo_blox_bundle, to_alfolio_bibtex
from papers.models import Paper
from researchers.models import Researcher


class Command(BaseCommand):
    help = (
        "Write a researcher's publications for a homepage: al-folio's _bibliography/papers.bib, "
        "or Hugo Blox content/publication/<key>/index.md folders."
    )

    def add_arguments(self, parser):
        parser.add_argument("researcher", help="The researcher's slug.")
        parser.add_argument("--format", choices=["alfolio", "hugo-blox"], required=True)
        parser.add_argument(
            "--output", type=Path, required=True, help="al-folio: the .bib file; Hugo Blox: the publication folder."
        )
        parser.add_argument("--owner", default="me", help="Hugo Blox author id of the site owner (default: me).")

    def handle(self, *args, researcher, format, output, owner, **options):
        try:
            person = Researcher.objects.get(slug=researcher)
        except Researcher.DoesNotExist:
            raise CommandError(f'No researcher has the slug "{researcher}".') from None
        papers = Paper.objects.for_profile(person)
        if format == "alfolio":
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(to_alfolio_bibtex(papers, person), encoding="utf-8")
            self.stdout.write(f"Wrote {len(papers)} entries to {output}.")
            return
        for key, files in hugo_blox_bundle(papers, person, owner).items():
            folder = output / key
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                (folder / name).write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {len(papers)} publication folders under {output}.")
