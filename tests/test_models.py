"""Model constraints and the messages a curator sees when breaking them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from papers.models import Authorship, Award, Paper, PaperLink
from researchers.models import Researcher
from researchers.validators import orcid_check_digit

from .factories import AuthorshipFactory, AwardFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db


def messages(error):
    return " ".join(str(m) for m in error.value.messages)


def test_orcid_with_a_valid_check_digit_passes():
    researcher = ResearcherFactory.build(orcid="0000-0002-1825-0097")
    researcher.full_clean()
    assert orcid_check_digit("000000021825009") == "7"


def test_orcid_with_a_wrong_check_digit_is_refused_with_the_reason():
    researcher = ResearcherFactory.build(orcid="0000-0002-1825-0098")
    with pytest.raises(ValidationError, match="wrong check digit"):
        researcher.full_clean()


def test_malformed_orcid_is_refused_by_the_database_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResearcherFactory(orcid="12345")


def test_homonyms_get_dblp_style_slug_suffixes():
    first, second, third = (Researcher.objects.create(name="Chen Zhang") for _ in range(3))
    assert [first.slug, second.slug, third.slug] == ["chen-zhang", "chen-zhang-2", "chen-zhang-3"]


def test_doi_and_arxiv_formats_are_checked_with_a_message():
    paper = PaperFactory.build(venue=VenueFactory(), doi="doi:10.1/x", arxiv_id="arXiv:2401.1")
    with pytest.raises(ValidationError) as error:
        paper.full_clean()
    assert set(error.value.message_dict) == {"doi", "arxiv_id"}
    assert "10.18653" in " ".join(error.value.message_dict["doi"])
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(doi="not-a-doi")


@pytest.mark.parametrize("year", [1899, datetime.date.today().year + 2])
def test_year_must_lie_between_1900_and_next_year(year):
    paper = PaperFactory.build(venue=VenueFactory(), year=year)
    with pytest.raises(ValidationError, match="between 1900 and"):
        paper.full_clean()


def test_next_year_is_accepted_for_forthcoming_papers():
    PaperFactory.build(venue=VenueFactory(), year=datetime.date.today().year + 1).full_clean()


def test_database_refuses_a_year_before_1900():
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(year=1800)


def test_month_without_a_year_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(year=None, month=5)


def test_two_papers_cannot_share_a_doi():
    PaperFactory(doi="10.18653/v1/2023.acl-long.1")
    duplicate = PaperFactory.build(venue=VenueFactory(), doi="10.18653/v1/2023.acl-long.1")
    with pytest.raises(ValidationError, match="already has this DOI"):
        duplicate.full_clean()


def test_author_positions_and_people_are_unique_per_paper():
    authorship = AuthorshipFactory(position=1)
    with pytest.raises(ValidationError, match="same position"):
        Authorship(paper=authorship.paper, researcher=ResearcherFactory(), position=1).validate_constraints()
    with pytest.raises(ValidationError, match="already an author"):
        Authorship(paper=authorship.paper, researcher=authorship.researcher, position=2).validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(paper=authorship.paper, researcher=ResearcherFactory(), position=1)


def test_authors_beyond_a_truncated_list_have_no_position_and_come_last():
    paper = PaperFactory(authors_truncated=True)
    late = AuthorshipFactory(paper=paper, position=None)
    first = AuthorshipFactory(paper=paper, position=1)
    second = AuthorshipFactory(paper=paper, position=2)
    assert list(paper.authorships.in_order()) == [first, second, late]


def test_an_awarded_paper_cannot_be_deleted_silently():
    award = AwardFactory()
    with pytest.raises(ProtectedError):
        award.paper.delete()
    assert Paper.objects.filter(pk=award.paper_id).exists()


def test_deleting_a_paper_takes_its_authorships_and_links_with_it():
    authorship = AuthorshipFactory()
    PaperLink.objects.create(paper=authorship.paper, kind="code", url="https://example.org/code")
    authorship.paper.delete()
    assert not Authorship.objects.exists() and not PaperLink.objects.exists()
    assert Researcher.objects.filter(pk=authorship.researcher_id).exists()


def test_a_researcher_with_papers_cannot_be_deleted_merge_instead():
    authorship = AuthorshipFactory()
    with pytest.raises(ProtectedError):
        authorship.researcher.delete()


def test_a_paper_award_must_name_its_paper():
    award = Award(name="Best Paper Award", kind=Award.Kind.PAPER, year=2024)
    with pytest.raises(ValidationError, match="must name its paper"):
        award.full_clean()


def test_award_reads_as_venue_year_name_and_place():
    venue = VenueFactory(acronym="KDD Cup", slug="kdd-cup")
    award = AwardFactory(name="Paper Source Tracing", kind=Award.Kind.COMPETITION, venue=venue, place="3rd place")
    assert str(award) == "KDD Cup 2024 Paper Source Tracing (3rd place)"
