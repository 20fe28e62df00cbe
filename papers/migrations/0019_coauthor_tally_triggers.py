"""researchers.CoauthorTally kept by triggers on papers_authorship, filled from a recount (papers/coauthor_tally.py);
the profile's covering index of papers with the citation source too (its counts group by it)."""

from django.db import migrations, models

from papers import coauthor_tally
from pubdb.migration_operations import run_on


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0018_paper_versions_gin_index"),
        ("researchers", "0014_coauthor_tally"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="paper", name="paper_profile"),
        migrations.AddIndex(
            model_name="paper",
            index=models.Index(
                fields=["id"],
                include=("year", "month", "citation_count", "citation_as_of", "citation_source"),
                name="paper_profile",
            ),
        ),
        migrations.RunPython(
            run_on("postgresql", coauthor_tally.POSTGRESQL_FORWARDS),
            run_on("postgresql", coauthor_tally.POSTGRESQL_BACKWARDS),
        ),
        migrations.RunPython(
            run_on("sqlite", coauthor_tally.SQLITE_FORWARDS), run_on("sqlite", coauthor_tally.SQLITE_BACKWARDS)
        ),
    ]
