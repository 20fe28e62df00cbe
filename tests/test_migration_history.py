"""The domain apps' migrations form one line each, and databases migrated through the old merge nodes stay current."""

import importlib

import pytest
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import connection
from django.db.migrations import AddIndex
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

APPS = ("researchers", "papers")
# Empty merge migrations that existing databases recorded before the history was made linear.
REMOVED_MERGES = [
    ("papers", "0005_merge_import_batches_and_search_vector"),
    ("researchers", "0004_merge_old_slugs_and_photo_limits"),
]


@pytest.mark.parametrize("app", APPS)
def test_each_migration_of_a_domain_app_follows_exactly_one_of_its_own(app):
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    nodes = [key for key in graph.nodes if key[0] == app]
    assert len([key for key in graph.leaf_nodes() if key[0] == app]) == 1
    for key in nodes:
        same_app_parents = [parent for parent in graph.node_map[key].parents if parent.key[0] == app]
        assert len(same_app_parents) <= 1, f"{key} merges {same_app_parents}"


@pytest.mark.django_db
def test_a_database_that_applied_the_removed_merge_migrations_has_nothing_to_migrate():
    recorder = MigrationRecorder(connection)
    for app, name in REMOVED_MERGES:
        recorder.record_applied(app, name)
    executor = MigrationExecutor(connection)
    executor.loader.check_consistent_history(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


@pytest.mark.parametrize("name", ["0006_list_order_and_filter_indexes", "0007_paper_track_index"])
def test_the_papers_indexes_are_built_without_blocking_writes_on_postgresql(name):
    """Indexes added to a full papers table: CONCURRENTLY on PostgreSQL, outside a transaction."""
    module = importlib.import_module(f"papers.migrations.{name}")
    assert module.Migration.atomic is False
    indexes = [op for op in module.Migration.operations if isinstance(op, AddIndex)]
    assert indexes and all(isinstance(op, AddIndexConcurrently) for op in indexes)
    assert all(sql.startswith("CREATE INDEX CONCURRENTLY") for sql in getattr(module, "POSTGRESQL_INDEXES", []))
