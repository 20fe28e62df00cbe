"""PostgreSQL only: trigram indexes on names, native names and aliases.

GIN on upper(...) serves both the case-insensitive substring search (Django's
icontains is UPPER(col) LIKE UPPER(%s)) and the autocomplete's word-similarity
filter (UPPER(col) %> UPPER(%s)). Other databases migrate as a no-op.
"""

from django.db import migrations

from pubdb.migration_operations import run_on

FORWARDS = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX researcher_name_upper_trgm ON researchers_researcher USING gin (upper(name) gin_trgm_ops);
CREATE INDEX researcher_native_name_upper_trgm ON researchers_researcher USING gin (upper(native_name) gin_trgm_ops);
CREATE INDEX alias_name_upper_trgm ON researchers_alias USING gin (upper(name) gin_trgm_ops);
"""
BACKWARDS = """
DROP INDEX IF EXISTS researcher_name_upper_trgm, researcher_native_name_upper_trgm, alias_name_upper_trgm;
"""




class Migration(migrations.Migration):
    # After the other two 0003s (see 0003_photo_upload_limits), so no merge migration is needed.
    dependencies = [("researchers", "0003_photo_upload_limits")]

    operations = [migrations.RunPython(run_on("postgresql", FORWARDS), run_on("postgresql", BACKWARDS))]
