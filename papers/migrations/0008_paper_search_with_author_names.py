"""Paper search covers the authors' names (as printed, names, native names, aliases) and stems words on SQLite.

PostgreSQL: `search_vector` stops being a generated column (which cannot read other tables) and is kept by
triggers: a paper's own row sets it on insert and on a title or abstract edit; authorships, researchers and
aliases refresh the papers they touch, once per statement (transition tables), so bulk COPY stays cheap.
SQLite: an FTS5 table `paper_search` (rowid = paper id; porter stemming) kept by row triggers.
Every change recomputes a paper's whole author text, so whatever order a bulk insert writes the tables in,
the last row written leaves it complete. Other databases migrate as a no-op; papers/search.py reads both.

SQLite drops a table's triggers when a migration remakes it (most AlterField): such a migration must run
SQLITE_FORWARDS again; tests/test_search_journeys.py fails until it does.
"""

from django.db import migrations

from pubdb.migration_operations import run_on


PG_AUTHORS = """
SELECT string_agg(concat_ws(' ', a.printed_name, r.name, r.native_name,
    (SELECT string_agg(l.name, ' ') FROM researchers_alias l WHERE l.researcher_id = r.id)), ' ')
FROM papers_authorship a JOIN researchers_researcher r ON r.id = a.researcher_id WHERE a.paper_id = pid
"""

POSTGRESQL_FORWARDS = f"""
DROP INDEX IF EXISTS paper_search_vector;
ALTER TABLE papers_paper DROP COLUMN search_vector;
ALTER TABLE papers_paper ADD COLUMN search_vector tsvector;

CREATE FUNCTION paper_search_document(pid bigint, title text, abstract text) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(abstract, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(({PG_AUTHORS}), '')), 'C')
$$;

CREATE FUNCTION paper_search_own_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := paper_search_document(NEW.id, NEW.title, NEW.abstract);
    RETURN NEW;
END $$;
CREATE TRIGGER paper_search_own_row BEFORE INSERT OR UPDATE OF title, abstract ON papers_paper
    FOR EACH ROW EXECUTE FUNCTION paper_search_own_row();

CREATE FUNCTION paper_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE papers_paper SET search_vector = paper_search_document(id, title, abstract) WHERE id = ANY(ids)
$$;

-- The papers of the rows a statement wrote; `changed` holds the new rows, `removed` the old ones.
CREATE FUNCTION paper_search_authorships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN PERFORM paper_search_refresh(ARRAY(SELECT paper_id FROM changed)); END IF;
    IF TG_OP <> 'INSERT' THEN PERFORM paper_search_refresh(ARRAY(SELECT paper_id FROM removed)); END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION paper_search_researchers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM paper_search_refresh(ARRAY(SELECT a.paper_id FROM papers_authorship a JOIN changed r
        ON r.id = a.researcher_id));
    RETURN NULL;
END $$;
CREATE FUNCTION paper_search_aliases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN PERFORM paper_search_refresh(ARRAY(SELECT a.paper_id FROM papers_authorship a
        JOIN changed l ON l.researcher_id = a.researcher_id)); END IF;
    IF TG_OP <> 'INSERT' THEN PERFORM paper_search_refresh(ARRAY(SELECT a.paper_id FROM papers_authorship a
        JOIN removed l ON l.researcher_id = a.researcher_id)); END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER paper_search_authorship_insert AFTER INSERT ON papers_authorship
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION paper_search_authorships();
CREATE TRIGGER paper_search_authorship_update AFTER UPDATE ON papers_authorship
    REFERENCING OLD TABLE AS removed NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION paper_search_authorships();
CREATE TRIGGER paper_search_authorship_delete AFTER DELETE ON papers_authorship
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION paper_search_authorships();
-- A researcher's rows come before or after their authorships in a bulk load; a rename changes the text.
CREATE TRIGGER paper_search_researcher_insert AFTER INSERT ON researchers_researcher
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION paper_search_researchers();
CREATE TRIGGER paper_search_researcher_update AFTER UPDATE ON researchers_researcher
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION paper_search_researchers();
CREATE TRIGGER paper_search_alias_insert AFTER INSERT ON researchers_alias
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION paper_search_aliases();
CREATE TRIGGER paper_search_alias_update AFTER UPDATE ON researchers_alias
    REFERENCING OLD TABLE AS removed NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION paper_search_aliases();
CREATE TRIGGER paper_search_alias_delete AFTER DELETE ON researchers_alias
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION paper_search_aliases();

UPDATE papers_paper SET search_vector = paper_search_document(id, title, abstract);
CREATE INDEX paper_search_vector ON papers_paper USING gin (search_vector);
"""
POSTGRESQL_BACKWARDS = """
DROP TRIGGER paper_search_own_row ON papers_paper;
DROP TRIGGER paper_search_authorship_insert ON papers_authorship;
DROP TRIGGER paper_search_authorship_update ON papers_authorship;
DROP TRIGGER paper_search_authorship_delete ON papers_authorship;
DROP TRIGGER paper_search_researcher_insert ON researchers_researcher;
DROP TRIGGER paper_search_researcher_update ON researchers_researcher;
DROP TRIGGER paper_search_alias_insert ON researchers_alias;
DROP TRIGGER paper_search_alias_update ON researchers_alias;
DROP TRIGGER paper_search_alias_delete ON researchers_alias;
DROP FUNCTION paper_search_own_row(), paper_search_authorships(), paper_search_researchers(),
    paper_search_aliases(), paper_search_refresh(bigint[]), paper_search_document(bigint, text, text);
ALTER TABLE papers_paper DROP COLUMN search_vector;
ALTER TABLE papers_paper ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(abstract, '')), 'B')
) STORED;
CREATE INDEX paper_search_vector ON papers_paper USING gin (search_vector);
"""


def sqlite_authors(paper_id):
    """The author text of paper `paper_id` (an SQL expression) for the FTS5 `authors` column."""
    return f"""(SELECT group_concat(a.printed_name || ' ' || r.name || ' ' || r.native_name || ' ' || coalesce(
        (SELECT group_concat(l.name, ' ') FROM researchers_alias l WHERE l.researcher_id = r.id), ''), ' ')
    FROM papers_authorship a JOIN researchers_researcher r ON r.id = a.researcher_id WHERE a.paper_id = {paper_id})"""


def sqlite_refresh(papers):
    return f"UPDATE paper_search SET authors = {sqlite_authors('paper_search.rowid')} WHERE rowid IN ({papers});"


OF_RESEARCHER = "SELECT paper_id FROM papers_authorship WHERE researcher_id = {}"
SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS paper_search USING fts5(title, abstract, authors, "
    "tokenize = 'porter unicode61')",
    "DELETE FROM paper_search",
    f"INSERT INTO paper_search (rowid, title, abstract, authors) "
    f"SELECT id, title, abstract, {sqlite_authors('papers_paper.id')} FROM papers_paper",
    f"""CREATE TRIGGER IF NOT EXISTS paper_search_insert AFTER INSERT ON papers_paper BEGIN
        INSERT INTO paper_search (rowid, title, abstract, authors)
        VALUES (new.id, new.title, new.abstract, {sqlite_authors("new.id")}); END""",
    """CREATE TRIGGER IF NOT EXISTS paper_search_update AFTER UPDATE OF title, abstract ON papers_paper BEGIN
        UPDATE paper_search SET title = new.title, abstract = new.abstract WHERE rowid = new.id; END""",
    """CREATE TRIGGER IF NOT EXISTS paper_search_delete AFTER DELETE ON papers_paper BEGIN
        DELETE FROM paper_search WHERE rowid = old.id; END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_search_authorship_insert AFTER INSERT ON papers_authorship BEGIN
        {sqlite_refresh("new.paper_id")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_search_authorship_update AFTER UPDATE ON papers_authorship BEGIN
        {sqlite_refresh("old.paper_id, new.paper_id")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_search_authorship_delete AFTER DELETE ON papers_authorship BEGIN
        {sqlite_refresh("old.paper_id")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_search_researcher_insert AFTER INSERT ON researchers_researcher BEGIN
        {sqlite_refresh(OF_RESEARCHER.format("new.id"))} END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_search_researcher_update AFTER UPDATE OF name, native_name
        ON researchers_researcher BEGIN {sqlite_refresh(OF_RESEARCHER.format("new.id"))} END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_search_alias_insert AFTER INSERT ON researchers_alias BEGIN
        {sqlite_refresh(OF_RESEARCHER.format("new.researcher_id"))} END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_search_alias_update AFTER UPDATE ON researchers_alias BEGIN
        {sqlite_refresh(OF_RESEARCHER.format("old.researcher_id"))}
        {sqlite_refresh(OF_RESEARCHER.format("new.researcher_id"))} END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_search_alias_delete AFTER DELETE ON researchers_alias BEGIN
        {sqlite_refresh(OF_RESEARCHER.format("old.researcher_id"))} END""",
]
SQLITE_TRIGGERS = [
    "paper_search_insert",
    "paper_search_update",
    "paper_search_delete",
    "paper_search_authorship_insert",
    "paper_search_authorship_update",
    "paper_search_authorship_delete",
    "paper_search_researcher_insert",
    "paper_search_researcher_update",
    "paper_search_alias_insert",
    "paper_search_alias_update",
    "paper_search_alias_delete",
]
SQLITE_BACKWARDS = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS] + ["DROP TABLE IF EXISTS paper_search"]




class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0007_paper_track_index"),
        ("researchers", "0006_directory_sort_key"),
    ]

    operations = [
        migrations.RunPython(run_on("postgresql", POSTGRESQL_FORWARDS), run_on("postgresql", POSTGRESQL_BACKWARDS)),
        migrations.RunPython(run_on("sqlite", SQLITE_FORWARDS), run_on("sqlite", SQLITE_BACKWARDS)),
    ]
