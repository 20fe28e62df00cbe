"""Test data: factories for every model a test needs in bulk."""

import factory
from factory.django import DjangoModelFactory

from papers.models import Authorship, Award, Paper, PaperLink, Topic, Venue
from researchers.models import Organization, Researcher


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"University {n}")
    kind = Organization.Kind.UNIVERSITY


class ResearcherFactory(DjangoModelFactory):
    class Meta:
        model = Researcher

    name = factory.Sequence(lambda n: f"Researcher {n}")


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ["slug"]

    acronym = factory.Sequence(lambda n: f"CONF{n}")
    slug = factory.LazyAttribute(lambda v: v.acronym.lower())
    name = factory.LazyAttribute(lambda v: f"Conference {v.acronym}")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PaperFactory(DjangoModelFactory):
    class Meta:
        model = Paper

    title = factory.Sequence(lambda n: f"A Study of Things, Part {n}")
    year = 2024
    venue = factory.SubFactory(VenueFactory)
    abstract = "We study things."


class AuthorshipFactory(DjangoModelFactory):
    class Meta:
        model = Authorship

    paper = factory.SubFactory(PaperFactory)
    researcher = factory.SubFactory(ResearcherFactory)
    position = factory.Sequence(lambda n: n + 1)
    printed_name = factory.LazyAttribute(lambda a: a.researcher.name)


class PaperLinkFactory(DjangoModelFactory):
    class Meta:
        model = PaperLink

    paper = factory.SubFactory(PaperFactory)
    kind = "arxiv"
    url = factory.Sequence(lambda n: f"https://arxiv.org/abs/2401.{n:05d}")


class AwardFactory(DjangoModelFactory):
    class Meta:
        model = Award

    name = "Best Paper Award"
    kind = Award.Kind.PAPER
    year = 2024
    paper = factory.SubFactory(PaperFactory)


def paper_with_authors(researcher, *, coauthors=3, **paper_fields):
    """A paper by `researcher` (first author) and fresh co-authors, with a link and a topic."""
    paper = PaperFactory(**paper_fields)
    AuthorshipFactory(paper=paper, researcher=researcher, position=1)
    for position in range(2, coauthors + 2):
        AuthorshipFactory(paper=paper, position=position)
    PaperLinkFactory(paper=paper)
    paper.topics.add(TopicFactory())
    return paper
