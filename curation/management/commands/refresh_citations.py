from django.core.management.base import BaseCommand, CommandError

from curation.jobs import queue_refresh
from curation.jobs.progress import CommandProgress
from curation.sources.citations import SOURCES
from curation.sources.client import NAMES
from curation.sources.refresh import count_stale, refresh


class Command(BaseCommand):
    help = (
        "Update papers' citation counts (with source and date) from OpenAlex, Semantic Scholar or Crossref, "
        "many papers a request; papers counted more recently than --older-than are left alone. For cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", default="7d", help="Refresh counts older than this (7d, 2w; 0: all).")
        parser.add_argument("--source", choices=SOURCES, default="openalex")
        parser.add_argument("--limit", type=int, default=0, help="At most this many papers (0: no limit).")
        parser.add_argument(
            "--background", action="store_true", help="Queue it as a job (see the admin's Jobs page) and return."
        )

    def handle(self, *args, older_than, source, limit, background, **options):
        try:
            total = count_stale(older_than, limit)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if background:
            job = queue_refresh(source=source, older_than=older_than, limit=limit, user=None)
            self.stdout.write(f"Queued job #{job.pk}: {job.title} ({total} papers); its page: {job.get_absolute_url()}")
            return
        with CommandProgress(self, total, "papers") as bar:
            result = refresh(source, older_than, limit, progress=lambda seen, _: bar.update(seen))
        for message in result.errors:
            self.stderr.write(message)
        self.stdout.write(result.summary().removesuffix(".") + (" (see above)." if result.failed else "."))
        if result.failed:
            raise CommandError(f"{NAMES[source]} could not be asked about {result.failed} papers.")
