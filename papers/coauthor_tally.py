"""researchers.CoauthorTally (papers per pair of people, both ways) kept by triggers on papers_authorship.

In the database, like PaperTally (papers 0012): every write path (admin, API, importers, merge and split,
revert, restore) writes authorships, and a trigger sees each. A pair counts a paper both of them are on;
an authorship added, moved or removed adds or takes one for it and each other author of its paper.
PostgreSQL: statement-level triggers over the transition tables (one upsert per statement); an UPDATE that
changes neither the paper nor the person (reordering, the selected flag) costs nothing. SQLite: row
triggers. The bulk loader turns them off and rebuilds the table (RECOUNT) once the indexes are back.
SQLite drops a table's triggers when a migration remakes it: such a migration of papers_authorship must run
SQLITE_FORWARDS again (tests/test_coauthor_tally.py fails until it does).
The SQL is put together from this module's constants only, never from input (hence the `nosec B608`).
"""

TABLE = "researchers_coauthortally"
RECOUNT = f"""INSERT INTO {TABLE} (researcher_id, coauthor_id, papers)
    SELECT a.researcher_id, b.researcher_id, count(*) FROM papers_authorship a
    JOIN papers_authorship b ON b.paper_id = a.paper_id AND b.researcher_id <> a.researcher_id
    GROUP BY a.researcher_id, b.researcher_id"""  # nosec B608
REBUILD = [f"DELETE FROM {TABLE}", RECOUNT]  # nosec B608

# PostgreSQL. `{rows}` holds the authorships gone (or come), `{others}` the other authorships of their papers
# as they were before (or are after) the statement. The ordered pairs with at least one of `{rows}` in them:
# each of `{rows}` with every other author, then every other author not in `{rows}` with it.
PAIRS = """pairs AS (
        SELECT x.researcher_id AS a, y.researcher_id AS b FROM {rows} x
        JOIN {others} y ON y.paper_id = x.paper_id AND y.researcher_id <> x.researcher_id
        UNION ALL
        SELECT y.researcher_id, x.researcher_id FROM {rows} x
        JOIN {others} y ON y.paper_id = x.paper_id AND y.researcher_id <> x.researcher_id
        WHERE y.id NOT IN (SELECT id FROM {rows}))"""
GAIN = f"""WITH came AS ({{came}}), {PAIRS.format(rows="came", others="papers_authorship")}
    INSERT INTO {TABLE} (researcher_id, coauthor_id, papers) SELECT a, b, count(*) FROM pairs GROUP BY a, b
    ON CONFLICT (researcher_id, coauthor_id) DO UPDATE SET papers = {TABLE}.papers + EXCLUDED.papers;"""  # nosec B608
# Before the statement: the papers' authorships now, less those it changed (`{{came}}`), plus those it removed.
LOSE = f"""WITH gone AS ({{gone}}), came AS ({{came}}), before AS (
        SELECT id, paper_id, researcher_id FROM papers_authorship
        WHERE paper_id IN (SELECT paper_id FROM gone) AND id NOT IN (SELECT id FROM came)
        UNION ALL SELECT id, paper_id, researcher_id FROM gone), {PAIRS.format(rows="gone", others="before")}
    UPDATE {TABLE} t SET papers = t.papers - d.n FROM (SELECT a, b, count(*) AS n FROM pairs GROUP BY a, b) d
    WHERE t.researcher_id = d.a AND t.coauthor_id = d.b;"""  # nosec B608
NOTHING = "SELECT NULL::bigint AS id, NULL::bigint AS paper_id, NULL::bigint AS researcher_id WHERE false"
ROWS = "SELECT id, paper_id, researcher_id FROM {}"
# An update moves an authorship when its paper or its person changes; the rest leave every pair as it was.
MOVED = """SELECT {side}.id, {side}.paper_id, {side}.researcher_id FROM removed o JOIN changed n ON n.id = o.id
    WHERE (o.paper_id, o.researcher_id) IS DISTINCT FROM (n.paper_id, n.researcher_id)"""


def _function(name, body):
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {body}
        RETURN NULL;
    END $$"""


POSTGRESQL_FORWARDS = [
    _function("coauthor_tally_insert", GAIN.format(came=ROWS.format("changed"))),
    _function(
        "coauthor_tally_update",
        LOSE.format(gone=MOVED.format(side="o"), came=MOVED.format(side="n"))
        + "\n"
        + GAIN.format(came=MOVED.format(side="n")),
    ),
    _function("coauthor_tally_delete", LOSE.format(gone=ROWS.format("removed"), came=NOTHING)),
    _function("coauthor_tally_emptied", f"DELETE FROM {TABLE};"),  # nosec B608
    """CREATE TRIGGER coauthor_tally_authorship_insert AFTER INSERT ON papers_authorship
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION coauthor_tally_insert()""",
    """CREATE TRIGGER coauthor_tally_authorship_update AFTER UPDATE ON papers_authorship
    REFERENCING OLD TABLE AS removed NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION coauthor_tally_update()""",
    """CREATE TRIGGER coauthor_tally_authorship_delete AFTER DELETE ON papers_authorship
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION coauthor_tally_delete()""",
    """CREATE TRIGGER coauthor_tally_authorship_truncate AFTER TRUNCATE ON papers_authorship
    FOR EACH STATEMENT EXECUTE FUNCTION coauthor_tally_emptied()""",
    *REBUILD,
]
# The row-level ones the bulk loader turns off during a load (TRUNCATE's stays).
TRIGGERS = [f"coauthor_tally_authorship_{op}" for op in ("insert", "update", "delete")]
POSTGRESQL_BACKWARDS = [
    *(f"DROP TRIGGER {name} ON papers_authorship" for name in [*TRIGGERS, "coauthor_tally_authorship_truncate"]),
    "DROP FUNCTION coauthor_tally_insert(), coauthor_tally_update(), coauthor_tally_delete(), coauthor_tally_emptied()",
]

# SQLite: a row trigger sees the rows of its statement written before it, so each pair is counted once.
ADD = f"""INSERT INTO {TABLE} (researcher_id, coauthor_id, papers)
    SELECT {{me}}.researcher_id, a.researcher_id, 1 FROM papers_authorship a
    WHERE a.paper_id = {{me}}.paper_id AND a.id <> {{me}}.id AND a.researcher_id <> {{me}}.researcher_id
    ON CONFLICT (researcher_id, coauthor_id) DO UPDATE SET papers = papers + 1;
    INSERT INTO {TABLE} (researcher_id, coauthor_id, papers)
    SELECT a.researcher_id, {{me}}.researcher_id, 1 FROM papers_authorship a
    WHERE a.paper_id = {{me}}.paper_id AND a.id <> {{me}}.id AND a.researcher_id <> {{me}}.researcher_id
    ON CONFLICT (researcher_id, coauthor_id) DO UPDATE SET papers = papers + 1;"""  # nosec B608
OTHERS = "SELECT researcher_id FROM papers_authorship WHERE paper_id = old.paper_id AND id <> old.id"
TAKE = f"""UPDATE {TABLE} SET papers = papers - 1 WHERE researcher_id = old.researcher_id AND coauthor_id IN ({OTHERS});
    UPDATE {TABLE} SET papers = papers - 1 WHERE coauthor_id = old.researcher_id AND researcher_id IN ({OTHERS});"""  # nosec B608
SQLITE_FORWARDS = [
    f"""CREATE TRIGGER IF NOT EXISTS coauthor_tally_authorship_insert AFTER INSERT ON papers_authorship BEGIN
        {ADD.format(me="new")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS coauthor_tally_authorship_update
        AFTER UPDATE OF paper_id, researcher_id ON papers_authorship
        WHEN old.paper_id <> new.paper_id OR old.researcher_id <> new.researcher_id BEGIN
        {TAKE} {ADD.format(me="new")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS coauthor_tally_authorship_delete AFTER DELETE ON papers_authorship BEGIN
        {TAKE} END""",
    *REBUILD,
]
SQLITE_BACKWARDS = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]
