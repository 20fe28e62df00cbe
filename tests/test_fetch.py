"""`manage.py fetch`: papers and people's works from the sources, through the one writer (matching, history, revert)."""

import io

import pytest
from django.core.management import call_command

from curation.history import revert_change_set
from papers.models import ImportBatch, Paper
from researchers.models import Researcher
from tests.factories import ResearcherFactory

pytestmark = pytest.mark.django_db

ACL = "doi:10.18653/v1/2023.acl-long.101"
ORCID = "0000-0002-1825-0097"


def fetch(*args):
    out = io.StringIO()
    call_command("fetch", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_fetch_writes_new_papers_as_one_import_and_again_changes_nothing(sources):
    output = fetch(ACL, "doi:10.48550/arXiv.2402.00001", ACL)
    assert "new      doi:10.18653/v1/2023.acl-long.101" in output
    assert "fetch doi:10.18653/v1/2023.acl-long.101 doi:10.48550/arXiv.2402.00001): 2 new" in output
    paper = Paper.objects.get(doi="10.18653/v1/2023.acl-long.101")
    assert [a.display_name for a in paper.authorships.in_order()] == ["Ada Lovelace", "Wei Chen", "Suharto"]
    assert paper.venue.name.startswith("Proceedings of the 61st Annual Meeting")
    batch = ImportBatch.objects.get()
    assert batch.format == "fetch" and batch.created_papers == 2
    assert "Nothing to change: 0 new, 0 updated, 2 unchanged" in fetch(ACL, "doi:10.48550/arXiv.2402.00001")


def test_dry_run_writes_nothing(sources):
    output = fetch(ACL, "--dry-run")
    assert "Dry run, nothing written: 1 new" in output
    assert "1 of 1 entries checked\n" in output and "entries written" not in output  # its progress says so too
    assert Paper.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_a_preprint_and_its_published_version_are_one_paper(sources):
    fetch("arxiv:2401.12345v3")
    preprint = Paper.objects.get()
    assert (preprint.arxiv_id, preprint.status, preprint.venue) == ("2401.12345", "preprint", None)
    output = fetch(ACL)  # Crossref names the preprint (relation has-preprint)
    assert "updated  doi:10.18653/v1/2023.acl-long.101: " in output and "venue: — → " in output
    paper = Paper.objects.get()
    assert (paper.pk, paper.status, paper.doi) == (preprint.pk, "published", "10.18653/v1/2023.acl-long.101")


def test_a_fetch_is_reverted_as_one_change_set(sources):
    fetch(ACL, "doi:10.1016/j.ipm.2019.02.004")
    batch = ImportBatch.objects.get()
    revert_change_set(batch.change_reason)
    assert Paper.objects.count() == 0


def test_orcid_works_link_the_researcher_holding_that_orcid(sources):
    ada = ResearcherFactory(name="A. Lovelace", orcid=ORCID)  # printed differently: the ORCID decides
    fetch(f"orcid:{ORCID}")
    papers = Paper.objects.order_by("year")
    assert [p.title for p in papers] == [
        "Sparse Attention with Early Exit for Efficient Inference",
        "Counting What Counts in Citation Graphs",
    ]
    assert all(list(p.authorships.values_list("researcher", flat=True)) == [ada.pk] for p in papers)
    assert all(p.authors_truncated for p in papers)


def test_a_person_new_to_pubdb_gets_their_orcid_and_their_other_lists_match_not_double(sources):
    fetch(f"orcid:{ORCID}")
    ada = Researcher.objects.get(name="Ada Lovelace")
    assert ada.orcid == ORCID
    output = fetch("dblp:12/3456")
    assert Paper.objects.count() == 2  # the DBLP list names the same two works: matched, not doubled
    ada.refresh_from_db()
    assert ada.dblp == "12/3456"  # the person import's own person, found by name, gets the pid
    acl = Paper.objects.get(doi="10.18653/v1/2023.acl-long.101")
    # ORCID named only Ada; DBLP's full author list completes it, Ada still linked.
    assert [a.display_name for a in acl.authorships.in_order()] == ["Ada Lovelace", "Wei Chen", "Suharto"]
    assert acl.authorships.in_order().first().researcher == ada
    assert not acl.authors_truncated
    assert "updated  conf/acl/LovelaceCS23" in output
    fetch("openalex:A5023888391")  # OpenAlex lists the EMNLP paper too, and the arXiv preprint again
    assert Paper.objects.count() == 3
    assert Researcher.objects.filter(name="Ada Lovelace").count() == 1


def test_openalex_author_works_link_by_orcid(sources):
    ada = ResearcherFactory(name="Ada King", orcid=ORCID)
    fetch("openalex:A5023888391")
    assert Paper.objects.count() == 2
    assert set(Researcher.objects.get(pk=ada.pk).authorships.values_list("paper__title", flat=True)) == {
        "Retrieval Helps Small Models Reason",
        "Sparse Attention with Early Exit for Efficient Inference",
    }


def test_a_dblp_person_is_matched_by_the_orcid_dblp_lists_for_them(sources):
    ada = ResearcherFactory(name="A. Lovelace", orcid=ORCID)
    fetch("dblp:12/3456")
    ada.refresh_from_db()
    assert ada.dblp == "12/3456"
    assert ada.authorships.count() == 2
    assert not Researcher.objects.filter(name="Ada Lovelace").exists()
