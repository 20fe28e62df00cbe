"""Backup and restore: `backup` writes every row to a portable file; `restore` puts all back into an empty database."""

import io
import json
import sqlite3
import subprocess
import sys

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from papers.models import Paper
from researchers.models import Researcher
from tests.servers import ROOT, production_env

SKIPPED = {"contenttypes.contenttype", "auth.permission"}  # rebuilt by migrate; referred to by natural key


def _rows(model):
    rows = serializers.serialize("python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True)
    if model._meta.auto_created:
        # A many-to-many link is restored with its parent and numbered anew: its pair is the row, not its id.
        return sorted((tuple(sorted(row["fields"].items())) for row in rows), key=repr)
    return rows


def everything():
    """Every row of every table, foreign keys to content types and permissions by natural key."""
    return {
        model._meta.label: _rows(model)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in SKIPPED
    }


def test_a_backup_restored_into_an_empty_database_has_every_row(demo, django_user_model, tmp_path):
    django_user_model.objects.create_superuser("curator", "c@example.org", "pw-for-tests-only")
    before = everything()
    assert sum(map(len, before.values())) > 1000, "the demo data, its history and a user"
    backup = tmp_path / "pubdb.xml.gz"
    call_command("backup", str(backup), stdout=io.StringIO())

    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending FK checks
    call_command("flush", interactive=False, verbosity=0)  # empty and migrated, as a new database is
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL DEFERRED")  # as in a transaction of its own
    assert not Paper.objects.exists() and not django_user_model.objects.exists()
    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)

    after = everything()
    for label, rows in before.items():
        assert after[label] == rows, f"{label} differs after restore"
    assert out.getvalue().startswith("Restored ")


def test_restore_refuses_a_database_that_holds_data_and_changes_nothing(demo, tmp_path):
    backup = tmp_path / "pubdb.json"
    call_command("backup", str(backup), stdout=io.StringIO())
    before = everything()
    with pytest.raises(CommandError, match=r"The database is not empty \(.*papers\.Paper"):
        call_command("restore", str(backup))
    assert everything() == before


def test_a_backup_file_must_be_named_after_its_format(db, tmp_path):
    with pytest.raises(CommandError, match="Name the backup file after its format"):
        call_command("backup", str(tmp_path / "pubdb.dump"))


def test_a_broken_backup_file_restores_nothing(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([{"model": "papers.paper", "pk": 1, "fields": {"title": "No venue", "year": "soon"}}]))
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(broken))
    assert not Paper.objects.exists()


def test_the_backup_file_is_portable_to_a_fresh_sqlite_database(demo, tmp_path):
    """The commands as an operator runs them: back up this database, restore into a new SQLite file elsewhere."""
    backup = tmp_path / "pubdb.json.xz"
    call_command("backup", str(backup), stdout=io.StringIO())
    target = tmp_path / "restored.sqlite3"
    env = production_env(DATABASE_URL=f"sqlite:///{target}")
    for command in (["migrate", "--noinput"], ["restore", str(backup)]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    with sqlite3.connect(target) as restored:
        for model in (Researcher, Paper):
            (count,) = restored.execute(f"SELECT count(*) FROM {model._meta.db_table}").fetchone()
            assert count == model.objects.count() > 0
