"""PostgreSQL: a RUM index on papers_paper.search_vector, which can hand out matches best-ranked first, so a
common term's first page ranks a bounded set of candidates instead of every match (papers/search.py).

Only where the server has the extension (Debian: postgresql-<major>-rum; .ci/run installs it). Elsewhere an
operator of the same name and meaning (tsvector <=> tsquery: the smaller, the better the match) is defined in
plain SQL, so the search's SQL is the same on every server; without the index it computes the distance of
every match, which costs what ranking every match cost before. The GIN index stays either way: it serves
matching and counting, and tests/test_indexed_search.py pins it.
"""

from django.db import migrations


FALLBACK = """
CREATE FUNCTION paper_search_distance(tsvector, tsquery) RETURNS float4 LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT 1 / greatest(ts_rank($1, $2), 1e-20)
$$;
CREATE OPERATOR <=> (LEFTARG = tsvector, RIGHTARG = tsquery, FUNCTION = paper_search_distance)
"""


def create_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            schema_editor.execute(FALLBACK)
            return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS paper_search_rum ON papers_paper USING rum (search_vector rum_tsvector_ops)"
    )


def drop_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS paper_search_rum")
        # The fallback operator goes with its function; RUM's own stays with the extension.
        schema_editor.execute("DROP FUNCTION IF EXISTS paper_search_distance(tsvector, tsquery) CASCADE")


class Migration(migrations.Migration):
    dependencies = [("papers", "0012_paper_tally_triggers_pagespeed")]

    operations = [migrations.RunPython(create_rum_index, drop_rum_index)]
