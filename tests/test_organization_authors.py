"""An organisation as author ("Ling Team"; Crossref's name-only authors; BibTeX's `{Ling Team}`): printed in
its place in every output, never listed as a person (directory, co-authors), without metrics."""

import io
import json
import re

import pytest
from django.core.management import call_command
from pybtex.database import parse_string

from front.citations import format_reference
from papers.models import Paper
from researchers.models import Researcher
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return ResearcherFactory(name="Ling Team", is_organization=True)


@pytest.fixture
def paper(team):
    paper = PaperFactory(title="Every Activation Boosted", year=2025)
    AuthorshipFactory(paper=paper, researcher=team, position=1)
    AuthorshipFactory(paper=paper, researcher=ResearcherFactory(name="Ang Li"), position=2)
    AuthorshipFactory(paper=paper, researcher=ResearcherFactory(name="Ben Liu"), position=3)
    return paper


def test_the_demo_marks_ling_team_an_organisation(demo):
    team = Researcher.objects.get(name="Ling Team")
    assert team.is_organization
    assert not Researcher.objects.get(slug="kunlong-chen").is_organization


def test_the_directory_lists_people_not_organisations(client, paper):
    page = client.get("/researchers/").content.decode()
    assert "Ang Li" in page and "Ling Team" not in page
    assert "Ling Team" not in client.get("/researchers/", {"letter": "t"}).content.decode()


def test_an_organisation_is_no_one_s_co_author(client, paper):
    coauthors = [person.name for person, _ in client.get("/researchers/ang-li/").context["coauthors"]]
    assert coauthors == ["Ben Liu"]


def test_an_organisation_page_lists_its_papers_without_metrics(client, paper):
    page = client.get("/researchers/ling-team/").content.decode()
    assert "Every Activation Boosted" in page
    assert 'id="metrics-h"' not in page and "h-index" not in page


def test_the_html_author_line_prints_it_in_its_place(client, paper):
    page = client.get(paper.get_absolute_url()).content.decode()
    line = re.search(r'<p class="paper-authors big">(.*?)</p>', page, re.S).group(1)
    assert re.split(r", | and ", re.sub(r"<[^>]+>", "", line)) == ["Ling Team", "Ang Li", "Ben Liu"]


def test_bibtex_braces_it_as_one_name(client, paper):
    bib = client.get(f"/papers/{paper.pk}.bib").content.decode()
    assert "author = {{Ling Team} and Ang Li and Ben Liu}" in bib
    (entry,) = parse_string(bib, "bibtex").entries.values()
    team = entry.persons["author"][0]
    assert (team.first_names, team.last_names) == ([], ["{Ling Team}"])


def test_csl_json_ris_json_ld_and_meta_tags_name_it_as_it_is(client, paper):
    (item,) = json.loads(client.get(f"/papers/{paper.pk}.json").content)
    assert item["author"][0] == {"literal": "Ling Team"}
    assert "AU  - Ling Team\nAU  - Li, Ang" in client.get(f"/papers/{paper.pk}.ris").content.decode()
    page = client.get(paper.get_absolute_url()).content.decode()
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["author"][0] == {
        "@type": "Organization",
        "name": "Ling Team",
        "url": "http://testserver/researchers/ling-team/",
    }
    assert data["author"][1]["@type"] == "Person"
    assert re.findall(r'<meta name="citation_author" content="([^"]*)">', page) == ["Ling Team", "Ang Li", "Ben Liu"]


def test_citation_styles_print_it_whole(paper):
    paper = Paper.objects.with_listing().get(pk=paper.pk)
    assert format_reference(paper, "apa").startswith("Ling Team, Li, A., & Liu, B. (2025).")
    assert format_reference(paper, "acl").startswith("Ling Team, Ang Li, and Ben Liu. 2025.")


def import_file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("import_bibtex", str(path), stdout=io.StringIO())


def test_a_double_braced_bibtex_author_imports_as_an_organisation(tmp_path):
    import_file(
        tmp_path, "refs.bib", "@misc{x, title={Ling}, author={{Ling Team} and Li, Ang and {王小明}}, year=2025}"
    )
    assert Researcher.objects.get(name="Ling Team").is_organization
    assert not Researcher.objects.get(name="Ang Li").is_organization
    assert not Researcher.objects.get(name="王小明").is_organization


def test_name_only_csl_authors_import_as_organisations(tmp_path):
    items = [
        {
            "id": "x",
            "type": "article",
            "title": "Ling",
            "author": [
                {"name": "DeepMind Team"},
                {"literal": "OpenAI Team"},
                {"literal": "王小明"},
                {"family": "Li", "given": "Ang"},
            ],
            "issued": {"date-parts": [[2025]]},
        }
    ]
    import_file(tmp_path, "refs.json", json.dumps(items))
    paper = Paper.objects.get(title="Ling")
    assert [(a.display_name, a.researcher.is_organization) for a in paper.authorships.in_order()] == [
        ("DeepMind Team", True),
        ("OpenAI Team", True),
        ("王小明", False),
        ("Ang Li", False),
    ]


def test_the_api_says_which_authors_are_organisations(client, paper, curator_client):
    assert client.get("/api/v1/researchers/ling-team/").json()["is_organization"] is True
    assert client.get("/api/v1/researchers/ang-li/").json()["is_organization"] is False
    authors = client.get(f"/api/v1/papers/{paper.pk}/").json()["authors"]
    assert [a["is_organization"] for a in authors] == [True, False, False]
    response = curator_client.patch(
        "/api/v1/researchers/ang-li/", {"is_organization": True}, content_type="application/json"
    )
    assert response.status_code == 200 and Researcher.objects.get(slug="ang-li").is_organization


def test_the_admin_has_the_checkbox(staff_client, team):
    page = staff_client.get(f"/admin/researchers/researcher/{team.pk}/change/").content.decode()
    assert re.search(r'<input type="checkbox" name="is_organization"[^>]* checked', page)
