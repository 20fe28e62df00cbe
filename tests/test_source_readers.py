"""Each source's reader, on recorded answers served over HTTP by a local server (tests/source_server.py)."""

import pytest

from curation.sources import fetch_records
from papers.models import Paper
from tests.factories import ResearcherFactory

pytestmark = pytest.mark.django_db


def one(identifier):
    records = fetch_records([identifier])
    assert len(records) == 1 and not records[0].errors, [r.errors for r in records]
    return records[0]


def test_crossref_work_with_jats_abstract_missing_given_name_and_its_preprint(sources):
    ada = ResearcherFactory(name="Ada Lovelace", orcid="0000-0002-1825-0097")
    record = one("doi:10.18653/v1/2023.acl-long.101")
    assert record.title == "Sparse Attention with Early Exit for Efficient Inference"
    assert (record.kind, record.status) == (Paper.Kind.CONFERENCE, Paper.Status.PUBLISHED)
    assert (record.year, record.month, record.day) == (2023, 7, None)
    assert [a.name for a in record.authors] == ["Ada Lovelace", "Wei Chen", "Suharto"]  # no given name: the family
    assert record.authors[0].researcher_slug == ada.slug  # by ORCID
    assert record.abstract.startswith("Large language models are costly to serve. We show that sparse attention &")
    assert "<" not in record.abstract and "Abstract" not in record.abstract
    assert (
        record.venue_text == "Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics"
    )
    assert record.track == "Volume 1: Long Papers"
    assert (record.doi, record.arxiv_id, record.pages) == ("10.18653/v1/2023.acl-long.101", "2401.12345", "1820-1834")


def test_crossref_organisation_author_and_a_date_with_only_a_year(sources):
    record = one("https://doi.org/10.1016/j.ipm.2019.02.004")
    assert [a.name for a in record.authors] == ["The CCIR Evaluation Committee", "Bing Qin"]
    assert (record.year, record.month) == (2019, None)
    assert record.kind == Paper.Kind.JOURNAL
    assert record.venue_text == "Information Processing & Management"
    assert (record.volume, record.number, record.pages) == ("56", "3", "567-589")


def test_an_arxiv_doi_is_asked_of_datacite_and_is_the_preprint(sources):
    record = one("doi:10.48550/arXiv.2402.00001")
    assert sources.paths("/crossref") == []  # arXiv's DOIs are DataCite's
    assert (record.kind, record.status) == (Paper.Kind.PREPRINT, Paper.Status.PREPRINT)
    assert (record.arxiv_id, record.doi, record.year) == ("2402.00001", "", 2024)
    assert [a.name for a in record.authors] == ["Min Zhang", "BigScience Workshop"]
    assert record.abstract == "We release open multilingual models trained on scholarly text."


def test_arxiv_entry_by_versioned_id(sources):
    record = one("arxiv:2401.12345v3")
    assert sources.requests[-1][1]["id_list"] == "2401.12345v3"
    assert record.arxiv_id == "2401.12345"  # papers are matched by the bare id
    assert record.title == "Sparse Attention with Early Exit for Efficient Inference"  # the feed's line break folded
    assert (record.year, record.month, record.day) == (2024, 1, 22)
    assert record.categories == ["cs.CL", "cs.LG"]  # the ACM class I.2.7 is not an arXiv category
    assert record.links == [("pdf", "http://arxiv.org/pdf/2401.12345v3")]
    assert [a.name for a in record.authors] == ["Ada Lovelace", "Wei Chen", "Suharto"]


def test_openalex_work_with_an_inverted_index_abstract(sources):
    record = one("openalex:W4385570001")
    assert record.abstract == "Small models reason better with retrieval: we show models gain 12 points."
    assert record.venue_text.startswith("Proceedings of the 2023 Conference on Empirical Methods")
    assert (record.doi, record.arxiv_id, record.pages) == ("10.18653/v1/2023.emnlp-main.7", "2310.01234", "101-115")
    assert record.authors[0].corresponding


def test_semantic_scholar_paper(sources):
    record = one("s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776")
    assert sources.requests[-1][1]["fields"].startswith("title,abstract")
    assert record.kind == Paper.Kind.CONFERENCE
    assert (record.doi, record.arxiv_id, record.year, record.month) == (
        "10.18653/v1/2024.acl-short.3",
        "2403.01111",
        2024,
        8,
    )
    assert record.venue_text == "Annual Meeting of the Association for Computational Linguistics"
    assert [a.name for a in record.authors] == ["Ada Lovelace", "Grace Hopper"]


def test_orcid_works_with_several_external_ids(sources):
    records = fetch_records(["orcid:0000-0002-1825-0097"])
    assert [r.title for r in records] == [
        "Sparse Attention with Early Exit for Efficient Inference",
        "Counting What Counts in Citation Graphs",
    ]
    article, preprint = records
    assert (article.doi, article.arxiv_id, article.year, article.month) == (
        "10.18653/v1/2023.acl-long.101",  # the normalised value, lower case
        "2401.12345",
        2023,
        7,
    )
    assert article.kind == Paper.Kind.CONFERENCE and article.track == "Volume 1: Long Papers"
    assert (preprint.arxiv_id, preprint.status, preprint.year, preprint.month) == ("2405.06789", "preprint", 2024, None)
    # A work summary names no co-authors: the record's own person, and the list marked incomplete.
    assert [(a.name, a.identifiers) for a in article.authors] == [("Ada Lovelace", {"orcid": "0000-0002-1825-0097"})]
    assert article.authors_truncated


def test_dblp_person_by_pid(sources):
    records = fetch_records(["dblp:12/3456"])
    assert [r.key for r in records] == ["conf/acl/LovelaceCS23", "journals/corr/abs-2405-06789"]
    assert [a.name for a in records[0].authors] == ["Ada Lovelace", "Wei Chen", "Suharto"]  # "0002" dropped
    assert [a.identifiers for a in records[0].authors] == [{"dblp": "12/3456"}, {}, {}]  # only the file's own person
    assert (records[1].arxiv_id, records[1].status) == ("2405.06789", "preprint")


def test_openalex_author_works_follow_the_cursor(sources):
    records = fetch_records(["openalex:A5023888391"])
    assert [r.key for r in records] == ["W4385570001", "W4391000002"]
    cursors = [q.get("cursor") for path, q, _ in sources.requests if path == "/openalex/works"]
    assert len(cursors) == 3 and cursors[0] == "*"
    assert records[1].arxiv_id == "2401.12345" and records[1].doi == ""
    assert records[0].authors[0].identifiers == {"orcid": "0000-0002-1825-0097"}  # the author asked for
    assert records[0].authors[1].identifiers == {}
