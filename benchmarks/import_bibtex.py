"""Import speed: generate a 10,000-entry BibTeX file and time parsing, importing and re-importing it.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/import_bibtex.py [--entries 10000]
    DATABASE_URL=postgres://... DJANGO_DEBUG=1 .venv/bin/python benchmarks/import_bibtex.py

Runs on a throw-away test database (test_<name>), never on the real one. Not a test: it reports.
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

from django.db import connection  # noqa: E402

from curation.importers import bibtex  # noqa: E402
from curation.importers.writer import import_records  # noqa: E402

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


def generate(count, seed=7):
    """A file like a big lab's: @string venues, month macros, accents, both name orders, DOIs and arXiv ids."""
    rng = random.Random(seed)
    people = [f"{f}, {g}" if rng.random() < 0.5 else f"{g} {f}" for g in GIVEN for f in FAMILY]
    people = [f"{p} {n}" if "," not in p else f"{p} {n}" for n in range(25) for p in people][: count // 3]
    lines = [
        '@string{acl = "Proceedings of the Annual Meeting of the Association for Computational Linguistics"}',
        '@string{emnlp = "Proceedings of the Conference on Empirical Methods in Natural Language Processing"}',
        '@string{naacl = "Proceedings of the North American Chapter of the ACL"}',
    ]
    for number in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" {number}"
        authors = " and ".join(latex(p) for p in rng.sample(people, rng.randint(2, 6)))
        venue = rng.choice(VENUES)
        booktitle = venue if venue.islower() else "{" + venue + "}"
        extra = (
            f"doi = {{10.5555/bench.{number}}},"
            if number % 2
            else f"eprint = {{2401.{number:05d}}}, archivePrefix = {{arXiv}},"
        )
        lines.append(
            f"@inproceedings{{key{number},\n  title = {{{{{title}}}}},\n  author = {{{authors}}},\n"
            f"  booktitle = {booktitle},\n  year = {2000 + number % 25}, month = {rng.choice(['jan', 'jul', 'dec'])},\n"
            f"  pages = {{{number}--{number + 9}}}, {extra}\n}}"
        )
    return "\n\n".join(lines) + "\n"


def timed(label, count, action):
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.1f} s  {count / seconds:9.0f} entries/s")
    return result, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    count = parser.parse_args().entries
    text = generate(count)
    print(f"{count} entries, {len(text) / 1e6:.1f} MB of BibTeX, database: {connection.vendor}")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        records, parse_seconds = timed("parse (bibtexparser + pylatexenc)", count, lambda: bibtex.parse(text))
        report, import_seconds = timed(
            "import into an empty database",
            count,
            lambda: import_records(records, file_name="bench.bib", format="bibtex"),
        )
        assert report.counts["new"] == count, report.counts
        again, reimport_seconds = timed(
            "re-import (everything unchanged)",
            count,
            lambda: import_records(records, file_name="bench.bib", format="bibtex"),
        )
        assert again.counts["unchanged"] == count, again.counts
        ratios = (import_seconds / parse_seconds, reimport_seconds / parse_seconds)
        print("import = {:.1f} x parsing; re-import = {:.1f} x parsing".format(*ratios))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
