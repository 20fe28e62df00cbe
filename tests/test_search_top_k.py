"""Site search of a common term ranks only its best candidates (a RUM index orders them on PostgreSQL) and
says "about N" papers past that; a rare term is counted and ranked whole, as before."""

import pytest
from django.db import connection, transaction

from front.views import site
from papers import search
from papers.models import Paper
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search index")


@pytest.fixture
def common_term():
    """Nine papers on transformers: three say it in the title, six only in the abstract."""
    for n in range(6):
        PaperFactory(title=f"Sequence Models {n}", abstract="A transformer variant, transformer again.")
    return [PaperFactory(title=f"Transformer Study {n}", abstract="Attention.") for n in range(3)]


@pytest.fixture
def few_candidates(monkeypatch):
    """A cut of 4 candidates, so a test-sized corpus has a "common" term."""
    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 4)
    monkeypatch.setattr(site, "SEARCH_CANDIDATES", 4)


@postgresql_only
def test_a_common_term_shows_the_best_candidates_and_an_estimate(client, common_term, few_candidates):
    page = client.get("/search/?q=transformer").content.decode()
    heading = page[page.index('id="sr-papers"') :].split("</h2>")[0]
    assert "about " in heading
    shown = [p.title for p in Paper.objects.all() if f">{p.title}<" in page]
    assert len(shown) == 4  # 4 candidates at most, however many match
    assert {p.title for p in common_term} <= set(shown)  # the title matches rank first


def test_a_term_below_the_cut_is_counted_exactly(client, common_term):
    page = client.get("/search/?q=transformer").content.decode()
    heading = page[page.index('id="sr-papers"') :].split("</h2>")[0]
    assert "about" not in heading and ">9<" in heading


@postgresql_only
def test_the_candidates_are_read_from_the_rum_index_in_its_order(common_term):
    candidates = search.search_papers(Paper.objects.all(), "transformer", top=4)
    sql, params = candidates.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test-sized table is cheaper to scan and sort than any index: price out everything but an ordered scan.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using paper_search_rum" in plan, plan
    assert "Order By: (search_vector <=>" in plan, plan


@postgresql_only
def test_without_rum_the_fallback_operator_orders_by_rank():
    """The migration's SQL for a server without the extension, run where the extension's operator is not visible."""
    from importlib import import_module

    fallback = import_module("papers.migrations.0013_paper_search_rum_pagespeed").FALLBACK
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA no_rum")
        cursor.execute("SET LOCAL search_path = no_rum, pg_catalog")
        cursor.execute(fallback.replace("FUNCTION paper_search_distance", "FUNCTION no_rum.paper_search_distance"))
        cursor.execute(
            """SELECT t FROM (VALUES ('transformer transformer'), ('a transformer among many other words'))
            AS v(t) ORDER BY to_tsvector('english', t) <=> websearch_to_tsquery('english', 'transformer')"""
        )
        assert [row[0] for row in cursor.fetchall()][0] == "transformer transformer"
        transaction.set_rollback(True)
