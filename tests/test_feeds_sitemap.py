"""The Atom feeds as a feed reader parses them (feedparser), and the sitemap's validators for crawlers."""

import feedparser
import pytest

from papers.models import Venue
from researchers.models import Researcher
from tests.factories import AuthorshipFactory, OrganizationFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    paper = PaperFactory(title="Towards the Law of Capacity Gap", year=2025)
    for position, name in enumerate(["Chen Zhang", "Qiuchi Li", "Dawei Song"], start=1):
        AuthorshipFactory(paper=paper, researcher=ResearcherFactory(name=name), position=position)
    return paper


@pytest.mark.parametrize("url", ["/papers/feed/", "/researchers/chen-zhang/feed/"])
def test_each_author_is_an_atom_author_of_the_entry(client, paper, url):
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    assert [author["name"] for author in entry.authors] == ["Chen Zhang", "Qiuchi Li", "Dawei Song"]
    assert entry.authors[1]["href"] == "http://testserver/researchers/qiuchi-li/"


def test_sitemap_answers_a_conditional_get_with_304(client, paper):
    first = client.get("/sitemap.xml")
    assert first.status_code == 200 and first["ETag"]
    again = client.get("/sitemap.xml", headers={"If-None-Match": first["ETag"]})
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])


@pytest.mark.parametrize(
    "change",
    [
        lambda paper: PaperFactory(title="A new paper"),
        lambda paper: paper.delete(),
        lambda paper: ResearcherFactory(name="Ada Newcomer"),
        lambda paper: Venue.objects.get(acronym="SPARE").delete(),
        lambda paper: VenueFactory(acronym="NAACL"),
        lambda paper: setattr(paper.venue, "slug", "renamed") or paper.venue.save(),
        lambda paper: Researcher.objects.filter(name="Qiuchi Li").update(affiliation=OrganizationFactory()),
    ],
    ids=[
        "paper added",
        "paper deleted",
        "person added",
        "venue deleted",
        "venue added",
        "venue renamed",
        "organization listed",
    ],
)
def test_sitemap_validators_change_with_its_urls(client, paper, change):
    VenueFactory(acronym="SPARE")
    etag = client.get("/sitemap.xml")["ETag"]
    change(paper)
    again = client.get("/sitemap.xml", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again["ETag"] != etag
