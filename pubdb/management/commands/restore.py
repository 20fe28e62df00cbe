from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction
from django.db.utils import IntegrityError
from django.test.utils import override_settings

from pubdb.cache import data_changed
from pubdb.management.commands.backup import DERIVED, REBUILT_BY_MIGRATE


def rows_present():
    """Models holding rows, leaving out what `migrate` creates by itself and what triggers derive."""
    skipped = {label for label in REBUILT_BY_MIGRATE if "." not in label}
    derived = {*REBUILT_BY_MIGRATE, *DERIVED}
    return {
        model._meta.label: count
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in skipped
        and model._meta.label_lower not in derived
        and (count := model._default_manager.using("default").count())
    }


class Command(BaseCommand):
    help = "Load a file written by `backup` into an empty, migrated database (run `migrate` first). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        present = rows_present()
        if present:
            listed = ", ".join(f"{count} {label}" for label, count in sorted(present.items()))
            raise CommandError(f"The database is not empty ({listed}); restore only into a new, migrated database.")
        try:
            # History is restored from the file: simple_history must not add rows of its own for the m2m it loads.
            with transaction.atomic(using="default"), override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", file, database="default", verbosity=0)
                data_changed("default")
        except (DatabaseError, IntegrityError, CommandError, DeserializationError, ValueError) as exc:
            raise CommandError(f"Nothing was restored: {file} could not be loaded ({exc}).") from exc
        total = sum(rows_present().values())
        self.stdout.write(f"Restored {total} rows from {file}.")
