"""The peers' benchmark (benchmarks/peers/): one corpus stream for every loader, and the harness end to end.

The harness runs as `make peers` does, through its real command line, on a tiny
corpus in SQLite databases of its own. The peers take part when their
virtualenvs exist (a `make peers` run makes them: about 25 s each from PyPI);
CI does not install them.
"""

import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from benchmarks.corpus_stream import Corpus
from benchmarks.peers import environments
from papers.models import Paper
from researchers.models import Researcher

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["top author's page", "paper detail", "paper list, page 1", "search, a common word", "home page"]


def everything(corpus):
    papers = [paper for chunk in corpus.paper_chunks(size=70) for paper in chunk]
    return corpus.venues, corpus.people, papers, corpus.honours()


def test_the_stream_is_the_same_for_the_same_seed_and_size_and_differs_for_another_seed():
    first = everything(Corpus(300, seed=5))

    assert everything(Corpus(300, seed=5)) == first
    assert everything(Corpus(300, seed=6)) != first
    venues, people, papers, honours = first
    assert len(papers) == 300 and [p.index for p in papers] == list(range(300))
    assert all(p.authors for p in papers) and honours
    # Every reference points at a record of the stream.
    assert {a.person for p in papers for a in p.authors} <= {person.index for person in people}
    assert {p.venue for p in papers} - {None} <= {venue.index for venue in venues}


def test_the_stream_has_a_top_author_of_about_2500_papers_and_follows_lotka():
    corpus = Corpus(20_000, seed=1)  # people only: their papers are dealt to author slots before any paper is drawn
    counts = Counter(corpus.slots)
    ordinary = [n for person, n in counts.items() if person >= 3]  # after the three most prolific

    assert 2000 <= max(counts.values()) < 2500
    # Lotka: about half the people have one paper, few have ten or more.
    assert 0.4 < sum(n == 1 for n in ordinary) / len(ordinary) < 0.7
    assert sum(n >= 10 for n in ordinary) / len(ordinary) < 0.1


@pytest.mark.django_db
def test_pubdb_loads_the_stream_record_for_record():
    call_command("generate_corpus", papers=250, seed=5, stdout=io.StringIO())
    corpus = Corpus(250, seed=5)
    papers = [paper for chunk in corpus.paper_chunks() for paper in chunk]

    # An empty database: ids are the stream's index + 1, as in the peers' loaders.
    stored = Paper.objects.order_by("pk").values_list("pk", "title", "year", "venue__name", "doi", "kind")
    assert list(stored) == [
        (p.index + 1, p.title, p.year, None if p.venue is None else corpus.venues[p.venue].name, p.doi, p.kind)
        for p in papers
    ]
    authors = {
        pk: [(a.researcher_id, a.printed_name) for a in paper.authorships.order_by("position")]
        for pk, paper in Paper.objects.in_bulk().items()
    }
    assert authors == {p.index + 1: [(a.person + 1, a.printed_name) for a in p.authors] for p in papers}
    assert list(Researcher.objects.order_by("pk").values_list("name", "native_name")) == [
        (person.name, person.native_name) for person in corpus.people
    ]


def run_harness(tmp_path, apps, **env):
    report = tmp_path / "peers.md"
    command = [sys.executable, "benchmarks/peers/run.py", "--papers=200", "--repeat=1", f"--apps={apps}"]
    command += [f"--database-url=sqlite:///{tmp_path}/{{app}}.sqlite3", f"--report={report}", "--no-write"]
    # The harness makes its own databases: not the test database of DATABASE_URL.
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, **env}
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return report.read_text(), run.stderr


def table_rows(report):
    return {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:] for line in report.splitlines() if "|" in line}


def test_the_harness_measures_every_page_of_pubdb_on_a_corpus_it_loads(tmp_path):
    report, _ = run_harness(tmp_path, "pubdb")

    rows = table_rows(report)
    for page in PAGES:
        (cells,) = [cells for label, cells in rows.items() if label.startswith(page)]
        # wall / SQL ms, queries, bytes, all measured.
        assert " q, " in cells[0] and cells[0].endswith(" KB"), cells
    assert "at 200 papers" in report and "Loading the corpus" in report


def test_a_peer_without_its_python_is_skipped_with_the_reason(tmp_path):
    report, stderr = run_harness(tmp_path, "pubdb,literature", PEERS_PYTHON312="/nowhere/python3.12")

    reason = "PEERS_PYTHON312=/nowhere/python3.12 is not a working Python 3.12 or newer"
    assert f"skipping django-literature 0.2.0: {reason}" in stderr
    assert f"Not measured: django-literature 0.2.0: {reason}." in report
    assert "| pubdb |" in report


def test_no_python_312_anywhere_says_how_to_point_at_one(monkeypatch):
    monkeypatch.delenv("PEERS_PYTHON312", raising=False)
    monkeypatch.setattr(environments, "candidates", lambda: ["/nowhere/python3"])

    python, reason = environments.find_python("literature")

    assert python is None
    assert "no Python 3.12 or newer found (tried /nowhere/python3)" in reason and "PEERS_PYTHON312=" in reason


def installed(peer):
    return environments.venv_python(peer).exists() and (environments.VENVS / peer / ".installed").exists()


@pytest.mark.skipif(
    not (installed("publications") and installed("literature")),
    reason="the peers' virtualenvs are not installed (make peers installs them in benchmarks/peers/.venvs/)",
)
def test_the_harness_measures_the_same_pages_on_the_peers(tmp_path):
    report, _ = run_harness(tmp_path, "pubdb,publications,literature")

    rows = table_rows(report)
    assert "django-publications 1.2.0" in report and "django-literature 0.2.0" in report
    (search,) = [cells for label, cells in rows.items() if label.startswith("search")]
    assert search[1] == "no such page" and " q, " in search[2]
    for page in PAGES:
        (cells,) = [cells for label, cells in rows.items() if label.startswith(page)]
        assert " q, " in cells[0] and ("faster" in cells[3] or "slower" in cells[3]), cells
