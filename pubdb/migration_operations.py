"""Migration operations shared by the apps' migrations."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


def run_on(vendor, statements):
    """RunPython code that runs SQL on one database vendor only: a string, or a list run one statement at a
    time (CONCURRENTLY refuses a multi-statement string). No parameters: a % in the SQL is literal."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for sql in [statements] if isinstance(statements, str) else statements:
                schema_editor.execute(sql, params=None)

    return run


class AddIndexConcurrentlyOnPostgreSQL(AddIndexConcurrently):
    """CONCURRENTLY on PostgreSQL, a plain CREATE INDEX elsewhere (SQLite has no such option)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
