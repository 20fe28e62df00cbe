"""A profile with every section filled, for page tests that must expose an N+1 if there is one."""

from papers.models import Award, ProfileTopic
from researchers.models import Alias, NewsItem, Organization, Position, Project, Service, Talk
from tests.factories import AwardFactory, ResearcherFactory, TopicFactory, VenueFactory, paper_with_authors


def full_profile(papers=3):
    org = Organization.objects.create(name="Example University", short_name="EU")
    advisor = ResearcherFactory(name="Ada Advisor")
    person = ResearcherFactory(
        name="Lin Wei",
        native_name="林伟",
        headline="Researcher",
        affiliation=org,
        bio="I work on **parsing**.",
        interests=["Parsing"],
        email="lin@example.org",
        orcid="0000-0002-1825-0097",
    )
    Alias.objects.create(researcher=person, name="Wei Lin")
    position = Position.objects.create(researcher=person, kind="education", title="Ph.D.", organization=org)
    position.advisors.add(advisor)
    NewsItem.objects.create(researcher=person, text="A [paper](https://example.org) accepted.", year=2024)
    talk = Talk.objects.create(researcher=person, title="On parsing", host="EU")
    talk.links.create(kind="slides", url="https://example.org/slides.pdf")
    venue = VenueFactory(acronym="ACL")
    Service.objects.create(researcher=person, role="reviewer", venue=venue, year_start=2023)
    project = Project.objects.create(researcher=person, name="Parser", description="A *fast* parser.")
    project.links.create(kind="code", url="https://example.org/code")
    topic = TopicFactory(name="Parsing")
    ProfileTopic.objects.create(researcher=person, topic=topic, position=0)
    honour = Award.objects.create(name="Scholarship", kind="scholarship", year=2022)
    honour.recipients.add(person)
    for i in range(papers):
        paper = paper_with_authors(person, venue=venue, year=2020 + i % 5)
        paper.topics.add(topic)
    AwardFactory(paper=paper, venue=venue)
    return person


def add_papers(person, count):
    venue = VenueFactory(acronym="EMNLP")
    for i in range(count):
        paper = paper_with_authors(person, coauthors=4, venue=venue, year=2010 + i % 15)
        AwardFactory(paper=paper, name=f"Award {i}")
