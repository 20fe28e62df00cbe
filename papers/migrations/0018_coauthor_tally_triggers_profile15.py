"""researchers.CoauthorTally kept by triggers on papers_authorship, filled from a recount (papers/coauthor_tally.py)."""

from django.db import migrations

from papers import coauthor_tally
from pubdb.migration_operations import run_on


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0017_citations_per_year_and_references"),
        ("researchers", "0014_coauthor_tally_profile15"),
    ]

    operations = [
        migrations.RunPython(
            run_on("postgresql", coauthor_tally.POSTGRESQL_FORWARDS),
            run_on("postgresql", coauthor_tally.POSTGRESQL_BACKWARDS),
        ),
        migrations.RunPython(
            run_on("sqlite", coauthor_tally.SQLITE_FORWARDS), run_on("sqlite", coauthor_tally.SQLITE_BACKWARDS)
        ),
    ]
