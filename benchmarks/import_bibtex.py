"""Import speed: generate a 10,000-entry BibTeX file and time parsing, importing and re-importing it.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/import_bibtex.py [--entries 10000] [--runs 3] [--baseline 300]
    DATABASE_URL=postgres://... DJANGO_DEBUG=1 .venv/bin/python benchmarks/import_bibtex.py
    DATABASE_URL=postgres://.../a_corpus_copy ... benchmarks/import_bibtex.py --existing
    ... benchmarks/import_bibtex.py --without-index paper_search_rum   (what one index costs the writes)

Runs on a throw-away test database (test_<name>), or with --existing on the database itself (a corpus copy:
how the size of the tables weighs) inside transactions that are rolled back, so nothing is left behind.
Each run imports the file into the database as it was (new papers), imports it again (everything unchanged)
and dry-runs another file; `--baseline` entries are also written entry by entry (the writer's one-entry path,
as imports ran before batches) for the ratio. Medians of the runs, in wall seconds and in CPU seconds of this
process and of its PostgreSQL backend (steadier than wall time on a shared machine). Not a test: it reports.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubdb.settings")

import django  # noqa: E402

django.setup()

import statistics  # noqa: E402

from django.db import connection, transaction  # noqa: E402

from curation.history import change_set  # noqa: E402
from curation.importers import bibtex  # noqa: E402
from curation.importers.writer import _Writer, import_records  # noqa: E402

GIVEN = ["Chen", "Wei", "Jürgen", "Ayşe", "Ana", "Li", "Zekun", "Hanting", "Marie", "José", "Yuki", "Omar"]
FAMILY = ["Zhang", "Wang", "Müller", "Çelik", "García", "Li", "Chen", "van der Berg", "Dubois", "Sato", "Nguyen"]
LATEX = {"ü": '{\\"u}', "ş": "{\\c{s}}", "Ç": "{\\c{C}}", "í": "{\\'i}", "é": "{\\'e}"}
WORDS = [
    "efficient",
    "sparse",
    "language",
    "models",
    "retrieval",
    "decoding",
    "agents",
    "parallel",
    "speculative",
    "graph",
    "learning",
]
VENUES = ["acl", "emnlp", "naacl", "Proceedings of the Conference on Neural Information Processing Systems"]


def latex(text):
    for char, code in LATEX.items():
        text = text.replace(char, code)
    return text


def generate(count, seed=7, first=0):
    """A file like a big lab's: @string venues, month macros, accents, both name orders, DOIs and arXiv ids.
    Entries are numbered from `first` (their titles, DOIs and arXiv ids): files with other numbers are new papers
    by the same people."""
    rng = random.Random(seed)
    people = [f"{f}, {g}" if rng.random() < 0.5 else f"{g} {f}" for g in GIVEN for f in FAMILY]
    people = [f"{p} {n}" if "," not in p else f"{p} {n}" for n in range(25) for p in people][: count // 3]
    lines = [
        '@string{acl = "Proceedings of the Annual Meeting of the Association for Computational Linguistics"}',
        '@string{emnlp = "Proceedings of the Conference on Empirical Methods in Natural Language Processing"}',
        '@string{naacl = "Proceedings of the North American Chapter of the ACL"}',
    ]
    for number in range(first, first + count):
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" {number}"
        authors = " and ".join(latex(p) for p in rng.sample(people, rng.randint(2, 6)))
        venue = rng.choice(VENUES)
        booktitle = venue if venue.islower() else "{" + venue + "}"
        extra = (
            f"doi = {{10.5555/bench.{number}}},"
            if number % 2
            else f"eprint = {{{2401 + number // 100000}.{number % 100000:05d}}}, archivePrefix = {{arXiv}},"
        )
        lines.append(
            f"@inproceedings{{key{number},\n  title = {{{{{title}}}}},\n  author = {{{authors}}},\n"
            f"  booktitle = {booktitle},\n  year = {2000 + number % 25}, month = {rng.choice(['jan', 'jul', 'dec'])},\n"
            f"  pages = {{{number}--{number + 9}}}, {extra}\n}}"
        )
    return "\n\n".join(lines) + "\n"


def backend_seconds():
    """CPU seconds the PostgreSQL backend of this connection has used (from /proc: the server runs here), else 0:
    on a shared machine CPU time is a steadier figure than wall time."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(action):
    """action()'s result and (wall, this process's CPU, the database backend's CPU) seconds."""
    start, cpu, backend = time.perf_counter(), time.process_time(), backend_seconds()
    result = action()
    return result, (time.perf_counter() - start, time.process_time() - cpu, backend_seconds() - backend)


def rolled_back(action):
    """action() in a transaction that is rolled back: every run starts from the same database."""
    with transaction.atomic():
        result = action()
        transaction.set_rollback(True)
    return result


def one_run(records, other, without_index=""):
    def run():
        if without_index:  # an experiment: what an index costs the writes (dropped inside the rolled-back run)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(without_index)}")
        report, new = timed(lambda: import_records(records, file_name="bench.bib", format="bibtex"))
        assert report.counts["new"] == len(records), report.counts
        again, unchanged = timed(lambda: import_records(records, file_name="bench.bib", format="bibtex"))
        assert again.counts["unchanged"] == len(records), again.counts
        dry, dry_seconds = timed(lambda: import_records(other, file_name="other.bib", format="bibtex", dry_run=True))
        assert dry.counts["new"] == len(other), dry.counts
        return new, unchanged, dry_seconds

    return rolled_back(run)


def entry_by_entry(records):
    """The writer's one-entry path for every record: a query per read, a savepoint and a save per row."""

    def run():
        writer = _Writer({})
        with change_set("Benchmark, entry by entry"):
            return timed(lambda: [writer.write(record) for record in records])[1]

    return rolled_back(run)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=int, default=300, help="entries written entry by entry (0: none)")
    parser.add_argument("--existing", action="store_true", help="on the database itself, rolled back")
    parser.add_argument("--without-index", default="", help="an index to drop in each (rolled back) run")
    options = parser.parse_args()
    count = options.entries
    text = generate(count)
    # Numbered past anything a corpus or the first file has: new papers.
    other_text, baseline_text = generate(count, first=10**7), generate(options.baseline, first=2 * 10**7)
    print(f"{count} entries, {len(text) / 1e6:.1f} MB of BibTeX, database: {connection.vendor}")
    old_name = connection.settings_dict["NAME"]
    if not options.existing:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        records, parse_seconds = timed(lambda: bibtex.parse(text))
        other, baseline = bibtex.parse(other_text), bibtex.parse(baseline_text)
        from papers.models import Paper

        print(f"papers in the database before: {Paper.objects.count()}; median of {options.runs} runs")
        runs = [one_run(records, other, options.without_index) for _ in range(options.runs)]
        # Medians of each figure (wall, CPU, database CPU) over the runs.
        new, unchanged, dry = (
            tuple(statistics.median(figure) for figure in zip(*phase, strict=True)) for phase in zip(*runs, strict=True)
        )
        rows = [
            ("parse (bibtexparser + pylatexenc)", parse_seconds, count),
            ("import, new papers", new, count),
            ("re-import, everything unchanged", unchanged, count),
            ("dry run of a file of new papers", dry, count),
        ]
        if baseline:
            rows.append(("entry by entry, new papers", entry_by_entry(baseline), len(baseline)))
        print(f"{'':<36} {'wall s':>8} {'entries/s':>10} {'CPU s':>7} {'DB CPU s':>9} {'entries/CPU s':>14}")
        for label, (wall, cpu, backend), entries in rows:
            print(
                f"{label:<36} {wall:8.2f} {entries / wall:10.0f} {cpu:7.2f} {backend:9.2f}"
                f" {entries / (cpu + backend):14.0f}"
            )
        for label, (wall, cpu, backend) in [("import", new), ("re-import", unchanged)]:
            print(
                f"{label} with parsing (the command's whole work): {count / (wall + parse_seconds[0]):.0f} entries/s,"
                f" {count / (cpu + backend + parse_seconds[1]):.0f} entries per CPU second"
            )
        if baseline:
            batch_rate, one_rate = count / new[0], len(baseline) / rows[-1][1][0]
            print(f"new papers: batches write {batch_rate / one_rate:.0f} x as many entries a second as entry by entry")
    finally:
        if not options.existing:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
