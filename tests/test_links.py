"""Object URLs built from one reverse() per URL name (pubdb/links.py) equal reverse() for each object."""

from django.urls import clear_script_prefix, reverse, set_script_prefix

from tests.factories import PaperFactory, ResearcherFactory, VenueFactory


def test_object_urls_match_reverse_also_under_a_script_prefix(db):
    person, venue, paper = ResearcherFactory(slug="chen-zhang-2"), VenueFactory(acronym="ACL"), PaperFactory()
    for prefix in ("/", "/pubdb/"):
        set_script_prefix(prefix)
        try:
            assert person.get_absolute_url() == reverse("researchers:detail", args=["chen-zhang-2"])
            assert venue.get_absolute_url() == reverse("papers:venue_detail", args=["acl"])
            assert paper.get_absolute_url() == reverse("papers:detail", args=[paper.pk])
        finally:
            clear_script_prefix()
    assert person.get_absolute_url() == "/researchers/chen-zhang-2/"
