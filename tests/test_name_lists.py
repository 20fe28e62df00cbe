"""A list of names reads as the page's language writes one: "Ann Lee, Bo Li and Chen Wang" on the English pages,
"Ann Lee、Bo Li和Chen Wang" on the Chinese (the ideographic comma, 和 before the last, no spaces: pubdb/i18n.py),
and a truncated list "Ann Lee、Bo Li等". The names themselves stay as printed on the paper."""

import pytest
from lxml import html

from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def text_of(client, url, css_class, within="//"):
    """The text of each element of `css_class` (under the XPath `within`) on the page at `url`, spaces collapsed."""
    page = html.fromstring(client.get(url).content)
    nodes = page.xpath(f"{within}*[contains(concat(' ', @class, ' '), ' {css_class} ')]")
    return [" ".join(node.text_content().split()) for node in nodes]


def paper_by(*names, **fields):
    paper = PaperFactory(title="Three Authors", year=2024, **fields)
    for position, name in enumerate(names, start=1):
        AuthorshipFactory(paper=paper, researcher=ResearcherFactory(name=name), position=position)
    return paper


def test_authors_read_as_each_language_lists_names(client):
    paper = paper_by("Ann Lee", "Bo Li", "Chen Wang")
    url = paper.get_absolute_url()
    assert "Ann Lee, Bo Li and Chen Wang" in text_of(client, url, "authors")
    assert "Ann Lee、Bo Li和Chen Wang" in text_of(client, f"/zh-hans{url}", "authors")
    assert "Ann Lee、Bo Li和Chen Wang" in text_of(client, "/zh-hans/papers/", "authors")
    assert "Ann Lee、Bo Li和Chen Wang" in text_of(client, "/zh-hans/search/?q=Three", "authors")


def test_a_truncated_list_ends_in_et_al_or_deng(client):
    paper = paper_by("Ann Lee", "Bo Li", authors_truncated=True)
    AuthorshipFactory(paper=paper, researcher=ResearcherFactory(name="Dan Wu"), position=None)
    AuthorshipFactory(paper=paper, researcher=ResearcherFactory(name="Eve Xu"), position=None)
    url = paper.get_absolute_url()
    english = text_of(client, url, "authors")[0]
    assert english.startswith("Ann Lee, Bo Li, et al. (incl. ")
    assert "Dan Wu, Eve Xu" in english or "Eve Xu, Dan Wu" in english
    chinese = text_of(client, f"/zh-hans{url}", "authors")[0]
    assert chinese.startswith("Ann Lee、Bo Li等 （包括 ")
    assert "Dan Wu、Eve Xu）" in chinese or "Eve Xu、Dan Wu）" in chinese


def test_a_profiles_advisors_and_aliases_are_listed_alike(client):
    from researchers.models import Alias, Position
    from tests.factories import OrganizationFactory

    ann = ResearcherFactory(name="Ann Lee")
    Alias.objects.create(researcher=ann, name="A. Lee")
    Alias.objects.create(researcher=ann, name="Ann L.")
    position = Position.objects.create(
        researcher=ann, kind=Position.Kind.EDUCATION, organization=OrganizationFactory(), start_year=2020
    )
    position.advisors.add(ResearcherFactory(name="Bo Li"), ResearcherFactory(name="Chen Wang"))
    url = ann.get_absolute_url()
    assert any(", " in line for line in text_of(client, url, "aliases"))
    assert any(
        "A. Lee、Ann L." in line or "Ann L.、A. Lee" in line for line in text_of(client, f"/zh-hans{url}", "aliases")
    )
    for line in text_of(client, f"/zh-hans{url}", "muted", within="//*[@id='timeline']//"):
        if "Bo Li" in line:
            assert "Bo Li、Chen Wang" in line or "Chen Wang、Bo Li" in line
            break
    else:
        pytest.fail("the advisors are not on the Chinese profile")


def test_the_feeds_list_authors_as_their_language_does(client):
    """The feeds come in both languages: the English one as before ("A, B, C, et al."), the Chinese "A、B、C等"."""
    paper_by("Ann Lee", "Bo Li", "Chen Wang", authors_truncated=True)
    english = client.get("/papers/feed/").content.decode()
    assert "Ann Lee, Bo Li, Chen Wang, et al." in english
    chinese = client.get("/zh-hans/papers/feed/").content.decode()
    assert "Ann Lee、Bo Li、Chen Wang等" in chinese
