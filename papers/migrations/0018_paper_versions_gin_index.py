from django.db import migrations

from pubdb.migration_operations import run_on

# A preprint fetched after its published version finds that paper by the versions it lists
# (curation.matching.find_paper_by_version): `versions @> '[{"identifier": …}]'`, which this index serves on
# PostgreSQL instead of reading every paper. Built CONCURRENTLY (hence atomic = False), so a full table keeps
# taking writes. SQLite, the embedded default of small sites, scans; it needs no index and gets none, so its
# papers table is not remade (nor its search triggers dropped).
CREATE = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS paper_versions ON papers_paper USING gin (versions jsonb_path_ops)"
)
DROP = "DROP INDEX CONCURRENTLY IF EXISTS paper_versions"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("papers", "0017_citations_per_year_and_references"),
    ]

    operations = [
        migrations.RunPython(run_on("postgresql", CREATE), run_on("postgresql", DROP)),
    ]
