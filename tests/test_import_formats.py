"""CSL-JSON, DBLP person XML and OpenAlex works JSON imports, under the same matching rules as BibTeX."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from papers.models import Paper
from tests.factories import PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db


def run(tmp_path, name, text, *args):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_bibtex", str(path), *args, stdout=out, stderr=out)
    return out.getvalue()


CSL = [
    {
        "id": "zhang2025",
        "type": "paper-conference",
        "title": "Parallel Decoding",
        "author": [
            {"given": "Chen", "family": "Zhang"},
            {"given": "Jan", "non-dropping-particle": "van der", "family": "Berg"},
        ],
        "issued": {"date-parts": [[2025, 7]]},
        "container-title": "Proceedings of the 63rd Annual Meeting of the Association for Computational Linguistics",
        "page": "1-10",
        "DOI": "10.18653/v1/2025.acl-long.1",
    },
    {
        "id": "pre",
        "type": "article",
        "title": "A Preprint",
        "author": [{"literal": "OpenAI Team"}],
        "issued": {"date-parts": [[2024]]},
        "number": "arXiv:2401.12345",
        "URL": "https://arxiv.org/abs/2401.12345",
    },
]


def test_csl_json_imports_with_venue_matching_and_reimports_as_unchanged(tmp_path):
    acl = VenueFactory(
        acronym="ACL", slug="acl", name="Annual Meeting of the Association for Computational Linguistics"
    )
    run(tmp_path, "refs.json", json.dumps(CSL))
    paper = Paper.objects.get(doi="10.18653/v1/2025.acl-long.1")
    assert (paper.venue, paper.year, paper.month, paper.pages) == (acl, 2025, 7, "1-10")
    assert [a.printed_name for a in paper.authorships.in_order()] == ["Chen Zhang", "Jan van der Berg"]
    preprint = Paper.objects.get(arxiv_id="2401.12345")
    assert (preprint.kind, preprint.status, preprint.venue) == ("preprint", "preprint", None)
    assert "2 unchanged" in run(tmp_path, "refs.json", json.dumps(CSL))


def test_csl_json_syntax_errors_and_bad_items_are_reported(tmp_path):
    with pytest.raises(CommandError, match="This is not a csl-json file"):
        run(tmp_path, "refs.json", "[{")
    bad = [{"id": "x", "type": "paper-conference", "title": "T", "issued": {"date-parts": [["soon"]]}}]
    with pytest.raises(CommandError, match="Nothing imported"):
        run(tmp_path, "refs.json", json.dumps(bad))


DBLP = """<?xml version="1.0" encoding="US-ASCII"?>
<dblpperson name="Chen Zhang 0012" pid="12/3456" n="2">
<person key="homepages/12/3456" mdate="2025-01-01"><author pid="12/3456">Chen Zhang 0012</author></person>
<r><inproceedings key="conf/acl/ZhangL25" mdate="2025-08-01">
<author pid="12/3456">Chen Zhang 0012</author><author pid="99/1">Wei Li 0001</author>
<title>Parallel Decoding.</title><pages>1-10</pages><year>2025</year><booktitle>ACL (1)</booktitle>
<ee type="oa">https://doi.org/10.18653/v1/2025.acl-long.1</ee><ee type="oa">https://aclanthology.org/2025.acl-long.1</ee>
</inproceedings></r>
<r><article key="journals/corr/abs-2401-12345" mdate="2024-02-01" publtype="informal">
<author pid="12/3456">Chen Zhang 0012</author><title>A Preprint.</title><journal>CoRR</journal>
<volume>abs/2401.12345</volume><year>2024</year><ee type="oa">https://doi.org/10.48550/arXiv.2401.12345</ee>
</article></r>
</dblpperson>"""


def test_dblp_person_record_links_the_person_by_pid_despite_homonyms(tmp_path):
    VenueFactory(acronym="ACL", slug="acl")
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    mine = ResearcherFactory(name="Chen Zhang", slug="chen-zhang-12", dblp="12/3456")
    run(tmp_path, "12-3456.xml", DBLP)
    paper = Paper.objects.get(title="Parallel Decoding")
    first, second = paper.authorships.in_order()
    assert (first.researcher, first.printed_name, second.printed_name) == (mine, "Chen Zhang", "Wei Li")
    assert (paper.venue.acronym, paper.doi, paper.pages) == ("ACL", "10.18653/v1/2025.acl-long.1", "1-10")
    assert paper.links.get().url == "https://aclanthology.org/2025.acl-long.1"
    preprint = Paper.objects.get(title="A Preprint")
    assert (preprint.arxiv_id, preprint.doi, preprint.kind) == ("2401.12345", "", "preprint")


def test_a_file_that_is_not_a_dblp_person_record_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not <dblpperson>"):
        run(tmp_path, "x.xml", "<html></html>")


def test_a_dblp_file_declaring_entities_is_refused_and_nothing_is_imported(tmp_path):
    """Entity expansion (the "billion laughs" bomb, external entities) is refused before anything is read."""
    doubling = "".join(f'<!ENTITY e{n} "&e{n - 1};&e{n - 1};">' for n in range(1, 12))
    bomb = DBLP.replace(
        "<dblpperson name=", f'<!DOCTYPE dblpperson [<!ENTITY e0 "laugh">{doubling}]>\n<dblpperson name=', 1
    ).replace("<title>Parallel Decoding.</title>", "<title>&e11;</title>")
    with pytest.raises(CommandError, match="This is not a dblp file: it declares XML entities, which are refused"):
        run(tmp_path, "12-3456.xml", bomb)
    assert not Paper.objects.exists()


OPENALEX = {
    "results": [
        {
            "id": "https://openalex.org/W123",
            "doi": "https://doi.org/10.1145/3626772",
            "title": "On Elastic Language Models",
            "publication_year": 2024,
            "publication_date": "2024-03-15",
            "type": "article",
            "primary_location": {
                "source": {"display_name": "ACM Transactions on Information Systems", "type": "journal"}
            },
            "authorships": [
                {
                    "author": {"display_name": "Chen Zhang", "orcid": "https://orcid.org/0000-0002-1825-0097"},
                    "is_corresponding": True,
                },
                {"author": {"display_name": "Dawei Song", "orcid": None}, "raw_author_name": "Dawei Song"},
            ],
            "biblio": {"volume": "42", "issue": "3", "first_page": "1", "last_page": "30"},
            "abstract_inverted_index": {"We": [0], "study": [1], "elastic": [2], "models.": [3]},
        }
    ]
}


def test_openalex_works_link_authors_by_orcid_and_complete_a_known_paper(tmp_path):
    tois = VenueFactory(acronym="TOIS", slug="tois", name="ACM Transactions on Information Systems", kind="journal")
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    orcid_holder = ResearcherFactory(name="Chen Zhang", slug="chen-zhang-2", orcid="0000-0002-1825-0097")
    known = PaperFactory(title="On elastic language models", year=2024, venue=tois, abstract="")
    run(tmp_path, "works.json", json.dumps(OPENALEX))
    known.refresh_from_db()
    assert Paper.objects.count() == 1
    assert (known.doi, known.volume, known.number, known.pages) == ("10.1145/3626772", "42", "3", "1-30")
    assert known.abstract == "We study elastic models."
    assert (known.month, known.day) == (3, 15)
    first = known.authorships.in_order().first()
    assert (first.researcher, first.corresponding) == (orcid_holder, True)
