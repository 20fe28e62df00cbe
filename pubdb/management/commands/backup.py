from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Recreated by `migrate` on the target; rows that point at them are written with natural keys instead of ids.
REBUILT_BY_MIGRATE = ["contenttypes", "auth.permission"]
# Kept by database triggers from the rows restored (papers migrations 0012, 0018): restoring them too would count twice.
DERIVED = ["researchers.papertally", "researchers.coauthortally"]


class Command(BaseCommand):
    help = (
        "Write the whole database (every app, with primary keys) to a portable file, FILE.xml (exact to the "
        "microsecond; FILE.json rounds times to milliseconds), optionally compressed: FILE.xml.gz / .bz2 / .xz. "
        "`restore` loads it into an empty database of any supported engine."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        formats = [fmt for fmt in ("xml", "json", "jsonl", "yaml") if f".{fmt}" in Path(file).suffixes]
        if not formats:
            raise CommandError(f"Name the backup file after its format: {file}.xml (or .json), .gz etc. optional.")
        call_command(
            "dumpdata",
            format=formats[0],
            natural_foreign=True,
            exclude=REBUILT_BY_MIGRATE + DERIVED,
            output=file,
            database="default",  # the primary: a lagging replica must not shape a backup
            verbosity=0,
        )
        self.stdout.write(f"Backed up the database to {file}.")
