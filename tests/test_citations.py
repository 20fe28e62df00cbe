"""Formatted references (APA-like, ACL-like) from citeproc-py, and the Cite block on a paper's page."""

import pytest

from front.citations import STYLES, format_reference
from papers.models import Paper
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    venue = VenueFactory(acronym="ACL", name="Annual Meeting of the Association for Computational Linguistics")
    paper = PaperFactory(title="Towards the Law of Capacity Gap", year=2025, venue=venue, track="Volume 1: Long Papers")
    for i, name in enumerate(["Chen Zhang", "Qiuchi Li", "Dawei Song"], start=1):
        AuthorshipFactory(paper=paper, researcher=ResearcherFactory(name=name), position=i)
    return Paper.objects.with_listing().get(pk=paper.pk)


def test_apa_style_lists_family_names_with_initials_then_year(paper):
    assert format_reference(paper, "apa") == (
        "Zhang, C., Li, Q., & Song, D. (2025). Towards the Law of Capacity Gap. "
        "In Proceedings of the Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)."
    )


def test_acl_style_lists_full_names_then_year_and_in_proceedings(paper):
    assert format_reference(paper, "acl") == (
        "Chen Zhang, Qiuchi Li, and Dawei Song. 2025. Towards the Law of Capacity Gap. "
        "In Proceedings of the Annual Meeting of the Association for Computational Linguistics "
        "(Volume 1: Long Papers)."
    )


def test_truncated_author_lists_end_with_others(paper):
    paper.authors_truncated = True
    assert "Song, D., & others. (2025)" in format_reference(paper, "apa")


def test_year_less_papers_say_no_date(paper):
    paper.year = None
    assert "(n.d.)" in format_reference(paper, "apa")


def test_unknown_style_is_a_clear_error(paper):
    with pytest.raises(ValueError, match="unknown citation style 'mla'"):
        format_reference(paper, "mla")


def test_html_output_escapes_hostile_titles(paper):
    paper.title = "<script>alert(1)</script> & more"
    html = format_reference(paper, "apa", html=True)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_paper_page_cite_block_shows_bibtex_and_both_references(client, paper):
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "@inproceedings{" in page
    for label, _ in STYLES.values():
        assert f"<figcaption>{label}</figcaption>" in page
    assert "Zhang, C., Li, Q., &amp; Song, D. (2025)." in page


def test_html_output_escapes_ampersands_once(paper):
    paper.title = "Q&A over Tables"
    assert "Q&amp;A over Tables" in format_reference(paper, "acl", html=True)
    assert "Q&A over Tables" in format_reference(paper, "acl")


@pytest.fixture
def citeproc_runs(monkeypatch):
    """The number of references citeproc has formatted since the test began (its cache emptied first)."""
    from citeproc import CitationStylesBibliography
    from django.core.cache import caches

    caches["citations"].clear()
    runs = []
    original = CitationStylesBibliography.bibliography

    def counted(self):
        runs.append(1)
        return original(self)

    monkeypatch.setattr(CitationStylesBibliography, "bibliography", counted)
    return runs


def test_a_paper_is_formatted_once_then_its_page_reuses_the_references(client, paper, citeproc_runs):
    first = client.get(paper.get_absolute_url()).content.decode()
    assert len(citeproc_runs) == len(STYLES)
    again = client.get(paper.get_absolute_url()).content.decode()
    assert len(citeproc_runs) == len(STYLES)  # no citeproc on the second view
    assert again == first


def test_an_edit_of_the_paper_or_of_a_byline_shows_the_new_reference(client, paper, citeproc_runs):
    client.get(paper.get_absolute_url())
    Paper.objects.filter(pk=paper.pk).update(title="The Law of Capacity Gap, Revisited")
    paper.authorships.filter(position=1).update(printed_name="Chen Zhangwei")
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "Zhangwei, C., Li, Q., &amp; Song, D. (2025). The Law of Capacity Gap, Revisited." in page
    assert "Chen Zhangwei, Qiuchi Li, and Dawei Song. 2025. The Law of Capacity Gap, Revisited." in page


ISSUE_TITLE = r"Learning $x^2$ and $\alpha_i$ with 100% {Braces} & under_scores #1: “Quotes” ~ Über-naïve café"
ISSUE_AUTHORS = ["Chen Zhang", "王小明", "José Müller-Łukasiewicz", "Zoë Ñúñez de la Peña", "François O'Brien"]


@pytest.fixture
def issue_paper():
    """The issue's paper: a conference paper by five people whose names citation styles get wrong."""
    venue = VenueFactory(
        acronym="ACL", name="Annual Meeting of the Association for Computational Linguistics", publisher="ACL"
    )
    paper = PaperFactory(
        title=ISSUE_TITLE, year=2025, month=7, venue=venue, track="Volume 1: Long Papers", pages="100-112"
    )
    for position, name in enumerate(ISSUE_AUTHORS, start=1):
        AuthorshipFactory(paper=paper, researcher=ResearcherFactory(name=name), position=position)
    return Paper.objects.with_listing().get(pk=paper.pk)


def test_apa_puts_a_conference_paper_in_its_proceedings(issue_paper):
    assert format_reference(issue_paper, "apa") == (
        "Zhang, C., 王小明, Müller-Łukasiewicz, J., de la Peña, Z. Ñ., & O'Brien, F. (2025). "
        f"{ISSUE_TITLE}. In Proceedings of the Annual Meeting of the Association for "
        "Computational Linguistics (Volume 1: Long Papers) (pp. 100–112). ACL."
    )


def test_acl_puts_a_conference_paper_in_its_proceedings(issue_paper):
    assert format_reference(issue_paper, "acl") == (
        "Chen Zhang, 王小明, José Müller-Łukasiewicz, Zoë Ñúñez de la Peña, and François O'Brien. 2025. "
        f"{ISSUE_TITLE}. In Proceedings of the Annual Meeting of the Association for Computational Linguistics "
        "(Volume 1: Long Papers), pages 100–112. ACL."
    )


def test_a_journal_article_stays_in_its_journal(issue_paper):
    issue_paper.kind = Paper.Kind.JOURNAL
    issue_paper.venue.name = "Transactions of the Association for Computational Linguistics"
    issue_paper.track = ""
    assert "Proceedings" not in format_reference(issue_paper, "apa") + format_reference(issue_paper, "acl")
    assert "Transactions of the Association for Computational Linguistics" in format_reference(issue_paper, "acl")


def test_proceedings_named_as_such_are_not_named_twice(issue_paper):
    issue_paper.venue.name = "Proceedings of the AAAI Conference on Artificial Intelligence"
    issue_paper.track = ""
    assert "In Proceedings of the AAAI Conference on Artificial Intelligence" in format_reference(issue_paper, "acl")
