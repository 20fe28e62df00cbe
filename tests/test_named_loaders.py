"""Named loaders that several callers share: one definition, the same answer everywhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Award, Paper
from tests.factories import AuthorshipFactory, AwardFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_profile_page_and_api_list_honours_newest_first_undated_last(client):
    researcher = ResearcherFactory()
    paper = PaperFactory(year=2023)
    AuthorshipFactory(paper=paper, researcher=researcher)
    AwardFactory(paper=paper, name="Outstanding Paper", year=2023)
    for name, year in [("Undated Honour", None), ("National Scholarship", 2023), ("Young Scientist", 2025)]:
        AwardFactory(kind=Award.Kind.HONOUR, paper=None, name=name, year=year).recipients.add(researcher)
    expected = ["Young Scientist", "National Scholarship", "Outstanding Paper", "Undated Honour"]

    page = client.get(researcher.get_absolute_url())
    api = client.get(f"/api/v1/researchers/{researcher.slug}/").json()

    assert [a.name for a in page.context["honours"]] == expected
    assert [a["name"] for a in api["awards"]] == expected


def test_years_of_a_filtered_queryset_are_only_its_own():
    acl, emnlp = VenueFactory(acronym="ACL"), VenueFactory(acronym="EMNLP")
    for year in (2019, 2021, 2021):
        PaperFactory(venue=acl, year=year)
    PaperFactory(venue=emnlp, year=2024)
    PaperFactory(venue=acl, year=None)

    assert Paper.objects.filter(venue=acl).years() == [2021, 2019]
    assert acl.papers.years() == [2021, 2019]
    assert Paper.objects.none().years() == []
    assert Paper.objects.years() == [2024, 2021, 2019]


def test_years_of_the_whole_table_probe_the_index_instead_of_reading_every_paper():
    for year in (2020, 2022):
        PaperFactory(year=year)
    with CaptureQueriesContext(connection) as queries:
        assert Paper.objects.years() == [2022, 2020]
    assert len(queries) == 1
    assert "WITH RECURSIVE" in queries[0]["sql"]
