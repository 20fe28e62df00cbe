"""researchers.PaperTally (papers per person) kept by triggers on papers_authorship, filled from a recount.

In the database, not in Python: the admin, the API, the importers, merge and split, revert, restore and the
bulk loader all write authorships, and a trigger sees every one of them.
PostgreSQL: one statement-level trigger per operation, over its transition tables (a COPY of a million
authorships adds one upsert per person, not one per row); TRUNCATE empties the tally.
SQLite: row triggers (an upsert per row). SQLite drops a table's triggers when a migration remakes it (most
AlterField on papers_authorship): such a migration must run SQLITE_FORWARDS again; tests/test_paper_tally.py
fails until it does.
"""

from django.db import migrations

from pubdb.migration_operations import run_on

RECOUNT = """INSERT INTO researchers_papertally (researcher_id, papers)
    SELECT researcher_id, count(*) FROM papers_authorship GROUP BY researcher_id"""

POSTGRESQL_FORWARDS = [
    """CREATE FUNCTION paper_tally_authorships() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            UPDATE researchers_papertally t SET papers = t.papers - r.n
            FROM (SELECT researcher_id, count(*) AS n FROM removed GROUP BY researcher_id) r
            WHERE t.researcher_id = r.researcher_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO researchers_papertally (researcher_id, papers)
            SELECT researcher_id, count(*) FROM changed GROUP BY researcher_id
            ON CONFLICT (researcher_id) DO UPDATE SET papers = researchers_papertally.papers + EXCLUDED.papers;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION paper_tally_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM researchers_papertally;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER paper_tally_authorship_insert AFTER INSERT ON papers_authorship
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION paper_tally_authorships()""",
    # Transition tables cannot go with UPDATE OF a column: every update nets its old and new rows.
    """CREATE TRIGGER paper_tally_authorship_update AFTER UPDATE ON papers_authorship
    REFERENCING OLD TABLE AS removed NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION paper_tally_authorships()""",
    """CREATE TRIGGER paper_tally_authorship_delete AFTER DELETE ON papers_authorship
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION paper_tally_authorships()""",
    """CREATE TRIGGER paper_tally_authorship_truncate AFTER TRUNCATE ON papers_authorship
    FOR EACH STATEMENT EXECUTE FUNCTION paper_tally_emptied()""",
    "DELETE FROM researchers_papertally",
    RECOUNT,
]
POSTGRESQL_BACKWARDS = [
    "DROP TRIGGER paper_tally_authorship_insert ON papers_authorship",
    "DROP TRIGGER paper_tally_authorship_update ON papers_authorship",
    "DROP TRIGGER paper_tally_authorship_delete ON papers_authorship",
    "DROP TRIGGER paper_tally_authorship_truncate ON papers_authorship",
    "DROP FUNCTION paper_tally_authorships(), paper_tally_emptied()",
]

ADD = """INSERT INTO researchers_papertally (researcher_id, papers) VALUES ({}, 1)
    ON CONFLICT (researcher_id) DO UPDATE SET papers = papers + 1;"""
TAKE = "UPDATE researchers_papertally SET papers = papers - 1 WHERE researcher_id = {};"
SQLITE_FORWARDS = [
    f"""CREATE TRIGGER IF NOT EXISTS paper_tally_authorship_insert AFTER INSERT ON papers_authorship BEGIN
        {ADD.format("new.researcher_id")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_tally_authorship_update AFTER UPDATE OF researcher_id ON papers_authorship
        WHEN old.researcher_id <> new.researcher_id BEGIN
        {TAKE.format("old.researcher_id")} {ADD.format("new.researcher_id")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS paper_tally_authorship_delete AFTER DELETE ON papers_authorship BEGIN
        {TAKE.format("old.researcher_id")} END""",
    "DELETE FROM researchers_papertally",
    RECOUNT,
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS paper_tally_authorship_insert",
    "DROP TRIGGER IF EXISTS paper_tally_authorship_update",
    "DROP TRIGGER IF EXISTS paper_tally_authorship_delete",
]


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0011_paper_title_key_importspeed"),
        ("researchers", "0011_paper_tally_pagespeed"),
    ]

    operations = [
        migrations.RunPython(run_on("postgresql", POSTGRESQL_FORWARDS), run_on("postgresql", POSTGRESQL_BACKWARDS)),
        migrations.RunPython(run_on("sqlite", SQLITE_FORWARDS), run_on("sqlite", SQLITE_BACKWARDS)),
    ]
