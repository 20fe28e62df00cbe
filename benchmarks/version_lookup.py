"""What finding a preprint's published paper by its versions costs, beside the DOI lookup every fetched record makes.

    DATABASE_URL=postgres://... DJANGO_DEBUG=1 .venv/bin/python benchmarks/version_lookup.py [--repeat 50]

Run it on a database holding a corpus (`manage.py generate_corpus --papers 100000`). A fetched preprint with a
DOI that no DOI, arXiv id or title finds asks once more, for a published paper whose versions name it
(curation.matching.find_paper_by_version): a scan of the papers' versions, where the DOI lookup uses an index.
Times both (the one query each) and reports their ratio. Not a test: it reports.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubdb.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from curation.matching import find_paper, find_paper_by_version  # noqa: E402
from papers.models import Paper  # noqa: E402


def timed(repeat, action):
    action(0)  # warm the caches
    start = time.perf_counter()
    for n in range(repeat):
        action(n)
    return (time.perf_counter() - start) / repeat


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    repeat = parser.parse_args().repeat
    papers = Paper.objects.count()
    with_versions = Paper.objects.exclude(versions=[]).count()
    print(f"{papers:,} papers ({with_versions:,} with versions), database: {connection.vendor}")
    by_doi = timed(repeat, lambda n: find_paper(doi=f"10.1101/2099.01.01.{n:06d}", title="", year=None))
    by_version = timed(repeat, lambda n: find_paper_by_version(f"doi:10.1101/2099.01.01.{n:06d}"))
    print(f"find_paper(doi=…)              {by_doi * 1000:8.2f} ms")
    print(f"find_paper_by_version(…)       {by_version * 1000:8.2f} ms   ({by_version / by_doi:.1f}× the DOI lookup)")


if __name__ == "__main__":
    main()
