from importlib import import_module

from django.db import migrations, models

from pubdb.migration_operations import run_on

# SQLite adds the column by remaking researchers_researcher, which the paper search triggers (papers 0008) name:
# the remake fails while they exist ("error in trigger paper_search_insert: no such table"). So they go first
# and are made again after, with the search table refilled.
search = import_module("papers.migrations.0008_paper_search_with_author_names")

HELP = (
    'A team or institution as author ("Ling Team"): printed in its place in author lists, never listed as a '
    "person (directory, co-authors), without metrics."
)


class Migration(migrations.Migration):
    dependencies = [
        ("researchers", "0007_organization_pages_orgs"),
        ("papers", "0008_paper_search_with_author_names"),
    ]

    operations = [
        migrations.RunPython(run_on("sqlite", search.SQLITE_BACKWARDS), run_on("sqlite", search.SQLITE_FORWARDS)),
        migrations.AddField(
            model_name="historicalresearcher",
            name="is_organization",
            field=models.BooleanField(default=False, help_text=HELP, verbose_name="organisation"),
        ),
        migrations.AddField(
            model_name="researcher",
            name="is_organization",
            field=models.BooleanField(default=False, help_text=HELP, verbose_name="organisation"),
        ),
        migrations.RunPython(run_on("sqlite", search.SQLITE_FORWARDS), run_on("sqlite", search.SQLITE_BACKWARDS)),
    ]
