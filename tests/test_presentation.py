"""A paper is worded alike in the HTML lists (plain rows, front/listing.py) and on the API, exports and paper page
(model instances): venue line, author names, status label and link labels each have one rule."""

import pytest

from papers.models import Paper
from tests.factories import AuthorshipFactory, PaperFactory, PaperLinkFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    acl = VenueFactory(acronym="ACL")
    made = [
        PaperFactory(venue=acl, year=2025, track="Findings", status=Paper.Status.ACCEPTED),
        PaperFactory(venue=acl, year=None, track=""),
        PaperFactory(venue=None, year=2024, track="", status=Paper.Status.PREPRINT),
        PaperFactory(venue=None, year=None, track="Demo"),
    ]
    for paper in made:
        chen, lin = ResearcherFactory(name="Chen Zhang"), ResearcherFactory(name="Wei Lin")
        AuthorshipFactory(paper=paper, position=1, researcher=chen, printed_name="C. Zhang")  # as printed
        AuthorshipFactory(paper=paper, position=2, researcher=lin, printed_name="")  # the researcher's name
        PaperLinkFactory(paper=paper, kind="huggingface", label="")
        PaperLinkFactory(paper=paper, kind="code", label="GitHub")
    return made


def list_entries(client):
    return {entry.pk: entry for entry in client.get("/papers/").context["entries"]}


def test_the_venue_line_is_the_same_in_the_lists_and_the_api(client, papers):
    entries = list_entries(client)
    shown = [client.get(f"/api/v1/papers/{paper.pk}/").json()["venue_display"] for paper in papers]
    assert shown == [entries[paper.pk].venue_display for paper in papers]
    assert shown == ["ACL 2025 Findings", "ACL", "Preprint 2024", "Preprint Demo"]


def test_author_names_are_the_same_in_the_lists_the_api_and_the_exports(client, papers):
    entries = list_entries(client)
    for paper in papers:
        listed = [a.display_name for a in entries[paper.pk].author_list.printed]
        assert [a["name"] for a in client.get(f"/api/v1/papers/{paper.pk}/").json()["authors"]] == listed
        assert f"author = {{{' and '.join(listed)}}}" in client.get(f"/papers/{paper.pk}.bib").content.decode()
        assert listed == ["C. Zhang", "Wei Lin"]


def test_status_and_link_labels_are_the_same_in_the_lists_and_on_the_paper_page(client, papers):
    entries = list_entries(client)
    for paper in Paper.objects.with_listing():
        entry = entries[paper.pk]
        assert entry.status_display == paper.status_display
        assert [str(link) for link in entry.links] == [str(link) for link in paper.links.all()]
        page = client.get(f"/papers/{paper.pk}/").content.decode()
        for label in ["Hugging Face", "GitHub"]:
            assert f'rel="noopener">{label}</a>' in page
        if paper.status != Paper.Status.PUBLISHED:
            assert f">{entry.status_display}</span>" in page
    assert {entry.status_display for entry in entries.values()} == {"Accepted", "Published", "Preprint"}
