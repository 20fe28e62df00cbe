"""PostgreSQL only: a stored, GIN-indexed full-text vector for papers and trigram indexes on titles and venues.

The models do not declare these (SQLite has neither); papers/search.py reads
the column through PaperSearchVector. Other databases migrate as a no-op.
"""

from django.db import migrations

from pubdb.migration_operations import run_on

FORWARDS = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE papers_paper ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(abstract, '')), 'B')
) STORED;
CREATE INDEX paper_search_vector ON papers_paper USING gin (search_vector);
CREATE INDEX paper_title_upper_trgm ON papers_paper USING gin (upper(title) gin_trgm_ops);
CREATE INDEX venue_acronym_upper_trgm ON papers_venue USING gin (upper(acronym) gin_trgm_ops);
CREATE INDEX venue_name_upper_trgm ON papers_venue USING gin (upper(name) gin_trgm_ops);
"""
BACKWARDS = """
DROP INDEX IF EXISTS paper_title_upper_trgm, venue_acronym_upper_trgm, venue_name_upper_trgm;
ALTER TABLE papers_paper DROP COLUMN IF EXISTS search_vector;
"""




class Migration(migrations.Migration):
    # Once a sibling of 0004_import_batches_...; now after it, in the order main received them (no merge node).
    dependencies = [("papers", "0004_import_batches_book_kind_link_history")]

    operations = [migrations.RunPython(run_on("postgresql", FORWARDS), run_on("postgresql", BACKWARDS))]
