from typing import Any, Self

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.validators import MinValueValidator
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Upper
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pubdb.links import object_url
from pubdb.subqueries import SubqueryCount
from researchers.models import Link, Organization, Position, Researcher
from researchers.partial_dates import PartialDateModel
from researchers.slugs import FillsSlug

from .authors import AuthorList
from .titles import normalise_title
from .validators import (
    ARXIV_PATTERN,
    DOI_PATTERN,
    MIN_YEAR,
    validate_arxiv_id,
    validate_doi,
    validate_year,
)

# A static backstop in the database; the model validator enforces "at most next year".
YEAR_CEILING = 2100


class VenueQuerySet(models.QuerySet["Venue"]):
    def with_paper_count(self) -> Self:
        """`paper_count` per venue: an index-only count each (47 ms for 3,333 venues at 1M papers, where
        joining and grouping every paper took 0.65-1.7 s)."""
        return self.annotate(paper_count=SubqueryCount(Paper.objects.filter(venue=OuterRef("pk"))))

    def having_papers(self) -> Self:
        return self.filter(Exists(Paper.objects.filter(venue=OuterRef("pk"))))


class Venue(FillsSlug):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        JOURNAL = "journal", _("Journal")
        WORKSHOP = "workshop", _("Workshop")
        COMPETITION = "competition", _("Competition")
        PREPRINT_SERVER = "preprint_server", _("Preprint server")
        REVIEW_PLATFORM = "review_platform", _("Review platform")  # ARR: reviews for venues, publishes nothing

    # The venue list's headings, one per kind.
    KIND_PLURALS: dict[str, Promise] = {
        Kind.CONFERENCE: _("Conferences"),
        Kind.JOURNAL: _("Journals"),
        Kind.WORKSHOP: _("Workshops"),
        Kind.COMPETITION: _("Competitions"),
        Kind.PREPRINT_SERVER: _("Preprint servers"),
        Kind.REVIEW_PLATFORM: _("Review platforms"),
    }

    acronym = models.CharField(max_length=80, help_text="As cited: ACL, TOIS, KDD Cup.")
    slug = models.SlugField(max_length=100, unique=True, blank=True, help_text="Made from the acronym when empty.")
    name = models.CharField(max_length=300, blank=True, help_text="Full name.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)

    objects = VenueQuerySet.as_manager()
    history = HistoricalRecords()
    slug_from = ["acronym", "name"]

    class Meta:
        ordering = ["acronym"]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return object_url("papers:venue_detail", self.slug)

    @property
    def kind_plural(self):
        return self.KIND_PLURALS.get(self.kind, self.get_kind_display())


class TopicQuerySet(models.QuerySet["Topic"]):
    def having_papers(self) -> Self:
        return self.filter(Exists(Paper.topics.through.objects.filter(topic=OuterRef("pk"))))


class Topic(FillsSlug):
    """A research area a profile groups its papers under."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True, blank=True, help_text="Made from the name when empty.")
    description = models.TextField(blank=True)

    objects = TopicQuerySet.as_manager()
    slug_from = ["name"]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


YEARS_SQL = """
    WITH RECURSIVE years(year) AS (
        SELECT MAX(year) FROM {table}
        UNION ALL
        SELECT (SELECT MAX(year) FROM {table} WHERE year < years.year) FROM years
        WHERE years.year IS NOT NULL
    )
    SELECT year FROM years WHERE year IS NOT NULL
"""


LISTED_PARTS = ("authorships", "links", "awards", "topics")


def listing_prefetches() -> list[Prefetch | str]:
    """The prefetches of `PaperQuerySet.with_listing()`, one for each of LISTED_PARTS in its order."""
    every: dict[str, Prefetch | str] = {
        # Not the photo: a list never shows co-authors' photos, and an ImageField is costly to load.
        "authorships": Prefetch(
            "authorships",
            queryset=Authorship.objects.in_order().select_related("researcher").defer("researcher__photo"),
        ),
        "links": "links",
        "awards": Prefetch("awards", queryset=Award.objects.select_related("venue", "organization")),
        "topics": "topics",
    }
    return [every[part] for part in LISTED_PARTS]


class PaperQuerySet(models.QuerySet["Paper"]):
    def with_listing(self) -> Self:
        """A paper as every list shows it: venue, ordered authors, links, awards, topics; 5 queries."""
        return self.select_related("venue").prefetch_related(*listing_prefetches())

    def with_author_total(self) -> Self:
        """`author_total`: the number of authors, counted for the papers a page shows (not for the whole table)."""
        return self.annotate(author_total=SubqueryCount(Authorship.objects.filter(paper=OuterRef("pk"))))

    def by_researcher(self, researcher: Researcher) -> Self:
        return self.filter(authorships__researcher=researcher)

    def by_organization(self, organizations: list[int]) -> Self:
        """Papers a member of one of `organizations` wrote while there: in a year one of their positions there
        covers (an open start or end counts as covering), or any paper of a person affiliated with it who has no
        dated position there. An undated paper counts for every member (Researcher.members_of)."""
        year = OuterRef(OuterRef("year"))
        positions = Position.objects.filter(researcher=OuterRef("researcher_id"), organization__in=organizations)
        covering = positions.filter(Q(start_year=None) | Q(start_year__lte=year)).filter(
            Q(end_year=None) | Q(current=True) | Q(end_year__gte=year)
        )
        affiliated = Q(researcher__affiliation__in=organizations) & ~Exists(positions)
        authorships = Authorship.objects.filter(paper=OuterRef("pk"))
        members = Researcher.objects.members_of(organizations).values("pk")
        return self.filter(
            Exists(authorships.filter(Exists(covering) | affiliated))
            | Q(year=None) & Exists(authorships.filter(researcher__in=members))
        )

    def for_profile(self, researcher: Researcher, *, owners_order: bool = False) -> Self:
        """A profile's publication list (page, embed, feed, export, API): listing data, newest first or in the
        owner's order; 6 queries."""
        papers = self.by_researcher(researcher).with_listing()
        return papers.in_profile_order() if owners_order else papers.newest_first()

    def newest_first(self, *before: Any) -> Self:
        """Newest first, undated last, after the orderings `before` (a profile's block and groups, say).
        Served by the index paper_newest_first (PostgreSQL, migration 0007)."""
        return self.order_by(*before, F("year").desc(nulls_last=True), F("month").desc(nulls_last=True), "-id")

    def in_profile_order(self, *before: Any) -> Self:
        """A person's papers (`by_researcher`) in the order they set on their profile, the unordered ones after,
        newest first (AuthorshipQuerySet.in_profile_order for their authorships); after the orderings `before`."""
        return self.newest_first(*before, F("authorships__profile_order").asc(nulls_last=True))

    def preprints(self) -> Self:
        return self.filter(status=Paper.Status.PREPRINT)

    def awarded(self) -> Self:
        # EXISTS, not a join and DISTINCT: no duplicate rows to remove, and a page can stop early.
        return self.filter(Exists(Award.objects.filter(paper=OuterRef("pk"))))

    def not_awarded(self) -> Self:
        return self.exclude(Exists(Award.objects.filter(paper=OuterRef("pk"))))

    def references_of(self, paper: "Paper") -> Self:
        """The papers in pubdb that `paper` cites (its Reference rows matched to a paper), newest first."""
        return self.filter(cited_by_rows__citing=paper).newest_first()

    def citing(self, paper: "Paper") -> Self:
        """The papers in pubdb that cite `paper`, newest first."""
        return self.filter(reference_rows__cited=paper).newest_first()

    def years(self) -> list[int]:
        """The distinct years of these papers, newest first, undated papers left out; 1 query.

        The whole table (`Paper.objects.years()`, the list page's year filter) is read by a loose index
        scan: each step asks the year index for the greatest year below the last one, one index probe per
        distinct year where SELECT DISTINCT would read every paper. A filtered QuerySet (or a related
        manager such as `venue.papers`) gets its own years by SELECT DISTINCT over its rows.
        """
        if self.query.has_filters() or self.query.is_sliced:
            return list(self.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct())
        # The only value in the SQL is the model's own table name, never input.
        sql = YEARS_SQL.format(table=self.model._meta.db_table)
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql)
            return [row[0] for row in cursor.fetchall()]


class Paper(PartialDateModel):
    # What a record tells of a paper besides its venue and authors: read by the importers, written by the API.
    BIBLIOGRAPHIC_FIELDS = (
        "title",
        "kind",
        "status",
        "year",
        "month",
        "day",
        "track",
        "pages",
        "volume",
        "number",
        "publisher",
        "doi",
        "arxiv_id",
        "categories",
        "abstract",
    )

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference paper")
        JOURNAL = "journal", _("Journal article")
        WORKSHOP = "workshop", _("Workshop paper")
        DEMO = "demo", _("Demo paper")
        PREPRINT = "preprint", _("Preprint")
        THESIS = "thesis", _("Thesis")
        REPORT = "report", _("Technical report")
        CHAPTER = "chapter", _("Book chapter")
        BOOK = "book", _("Book")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        ACCEPTED = "accepted", _("Accepted")
        PREPRINT = "preprint", _("Preprint")

    # For status_label(), called per row of a list: Status.choices is rebuilt on every access.
    STATUS_LABELS = dict(Status.choices)

    title = models.CharField(max_length=500)
    # normalise_title(title), kept by save() (and by bulk writers): the importers find a paper by it, indexed.
    title_key = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    abstract = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    venue = models.ForeignKey(
        Venue,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
        help_text="Empty for a preprint.",
    )
    track = models.CharField(
        max_length=200,
        blank=True,
        help_text='"Findings", "Main", "Volume 1: Long Papers".',
    )
    pages = models.CharField(max_length=40, blank=True)
    volume = models.CharField(max_length=40, blank=True)
    number = models.CharField(max_length=40, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True, validators=[validate_doi])
    arxiv_id = models.CharField("arXiv id", max_length=40, blank=True, validators=[validate_arxiv_id])
    categories = models.JSONField(default=list, blank=True, help_text='Subject categories: ["cs.CL"].')
    citation_count = models.PositiveIntegerField(null=True, blank=True)
    citation_source = models.CharField(max_length=100, blank=True)
    citation_as_of = models.DateField(null=True, blank=True)
    # The work's OpenAlex id ("W4385570001"), learned when a refresh or a fetch matches it by DOI: the key of
    # OpenAlex's `referenced_works`, by which pubdb finds which of its papers cite which (Reference).
    openalex_id = models.CharField("OpenAlex id", max_length=20, blank=True, editable=False)
    bibtex_key = models.CharField(max_length=200, blank=True)
    authors_truncated = models.BooleanField(
        default=False, help_text='The source gave only the first authors and "et al.".'
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="papers")
    # Where each field's value came from, {"title": {"source": "crossref", "at": "2026-12-01T09:00:00+00:00"}}:
    # in the paper's own row, so it is saved (and reverted, by the history) with the values it describes and read
    # with them at no cost (curation/provenance.py writes it).
    provenance = models.JSONField(default=dict, blank=True, editable=False)
    # The work's earlier versions, [{"server": "arXiv", "identifier": "2401.12345v1", "date": "2024-01-22"}, ...]:
    # a preprint and its published version are one paper (curation/importers/writer.py), which keeps them here.
    versions = models.JSONField(default=list, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PaperQuerySet.as_manager()
    # openalex_id is a source's key, not a curated value: reverting a paper to an older version keeps it.
    history = HistoricalRecords(excluded_fields=["created", "updated", "title_key", "openalex_id"])

    class Meta(PartialDateModel.Meta):
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["venue", "year"], name="paper_venue_year"),
            models.Index(fields=["-created", "-id"], name="paper_newest_added"),  # the site's feed
            models.Index(fields=["updated", "id"], name="paper_updated"),  # the sitemap's ETag: count and last edit
            models.Index(fields=["status"], name="paper_status"),
            models.Index(fields=["kind"], name="paper_kind"),
            # The doi= and arxiv= filters are case-insensitive (DOIs are), i.e. upper(...) = upper(...).
            models.Index(Upper("doi"), name="paper_doi_upper"),
            models.Index(Upper("arxiv_id"), name="paper_arxiv_id_upper"),
            models.Index(Upper("track"), name="paper_track_upper"),  # track= ("Findings"), case-insensitive
            # The API's ordering=title with its tie-breaker. Orders with NULLS FIRST/LAST (newest first,
            # ordering=-citations) have PostgreSQL-only indexes (migration 0006): SQLite cannot declare them.
            models.Index(fields=["title", "id"], name="paper_title"),
            # A profile counts and orders its person's papers by these: read from the index alone, a probe per
            # paper, not a heap page per paper (front/profile.py; PostgreSQL, SQLite indexes the id alone).
            models.Index(
                fields=["id"],
                include=["year", "month", "citation_count", "citation_as_of", "citation_source"],
                name="paper_profile",
            ),
        ]
        constraints = PartialDateModel.Meta.constraints + [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=YEAR_CEILING),
                name="paper_year_range",
                violation_error_message=f"A paper's year must be between {MIN_YEAR} and next year.",
            ),
            models.CheckConstraint(
                condition=Q(doi="") | Q(doi__regex=DOI_PATTERN),
                name="paper_doi_format",
                violation_error_message="A DOI looks like 10.18653/v1/2023.acl-long.1.",
            ),
            models.CheckConstraint(
                condition=Q(arxiv_id="") | Q(arxiv_id__regex=ARXIV_PATTERN),
                name="paper_arxiv_id_format",
                violation_error_message="An arXiv id looks like 2406.06484.",
            ),
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="paper_doi_unique",
                violation_error_message="Another paper already has this DOI.",
            ),
            models.UniqueConstraint(
                fields=["arxiv_id"],
                condition=~Q(arxiv_id=""),
                name="paper_arxiv_id_unique",
                violation_error_message="Another paper already has this arXiv id.",
            ),
            models.UniqueConstraint(
                fields=["openalex_id"], condition=~Q(openalex_id=""), name="paper_openalex_id_unique"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "title_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("papers:detail", self.pk)

    def fill_derived_fields(self):
        """What save() computes from the other fields; bulk writers (which skip save()) call it themselves."""
        self.title_key = normalise_title(self.title)

    def clean(self):
        super().clean()
        validate_year(self.year)

    # How a paper is written out. Each rule takes plain values, so that the rows of the HTML lists
    # (front/listing.py) apply the very rule that the API, exports and feeds get from the properties.

    @staticmethod
    def format_venue(acronym, year, track):
        """'ACL 2025 Findings', 'TOIS', 'Preprint 2024': a paper without a venue is a preprint."""
        text = " ".join(str(part) for part in (acronym, year, track) if part)
        return text if acronym else f"{gettext('Preprint')} {text}".strip()

    @classmethod
    def status_label(cls, status):
        """'Published', 'Accepted', 'Preprint'; a value no longer among the choices is shown as it is."""
        return cls.STATUS_LABELS.get(status, status)

    @property
    def venue_display(self):
        return self.format_venue(self.venue.acronym if self.venue else "", self.year, self.track)

    @property
    def status_display(self):
        return self.status_label(self.status)

    @staticmethod
    def format_citations(count):
        """'1 citation', '2,816 citations' (in Chinese 被引 2,816 次), for the lists and the paper page."""
        return ngettext("%(count)s citation", "%(count)s citations", count) % {"count": intcomma(count)}

    @property
    def citations_display(self):
        return self.format_citations(self.citation_count)

    @property
    def version_history(self):
        """Earlier versions, oldest first, then this paper as published: what the paper page and the API show.
        Empty for a paper known in one version only."""
        steps = sorted(self.versions, key=lambda v: (v.get("date") or "9999", v.get("identifier", "")))
        if not steps and self.arxiv_id and self.status != self.Status.PREPRINT:
            steps = [{"server": "arXiv", "identifier": self.arxiv_id, "date": ""}]  # its preprint, undated
        if steps and self.status != self.Status.PREPRINT:
            steps.append({"server": "", "identifier": self.doi, "date": self.date_iso, "venue": self.venue_display})
        return [{**step, "url": self.version_url(step)} for step in steps]

    @staticmethod
    def version_url(step):
        identifier = step.get("identifier") or ""
        if step.get("server") == "arXiv":
            return f"https://arxiv.org/abs/{identifier}"
        doi = identifier.removeprefix("doi:")
        return f"https://doi.org/{doi}" if doi else ""

    @property
    def date_iso(self):
        """'2024', '2024-03' or '2024-03-05'; '' when undated."""
        parts = [f"{self.year:04d}" if self.year else "", f"{self.month:02d}" if self.month else ""]
        parts.append(f"{self.day:02d}" if self.day and self.month else "")
        return "-".join(p for p in parts if p) if self.year else ""

    @property
    def author_list(self):
        """The authors as every output gives them (papers/authors.py), from the prefetched authorships."""
        return AuthorList.of(self.authorships.all(), truncated=self.authors_truncated)


class AuthorshipQuerySet(models.QuerySet["Authorship"]):
    @staticmethod
    def first_author() -> Q:
        """The one definition of a first author: position 1, or a co-first author (equal contribution, and
        every author before them marked equal contribution too). A condition on an authorship, for a filter or
        a count (a profile counts its owner's first-authored papers)."""
        before_not_equal = Authorship.objects.filter(
            paper=OuterRef("paper"), position__lt=OuterRef("position"), equal_contribution=False
        )
        return Q(position=1) | Q(Q(equal_contribution=True, position__isnull=False), ~Exists(before_not_equal))

    def first_authors(self) -> Self:
        return self.filter(self.first_author())

    def in_order(self) -> Self:
        # Authors known only to be outside a truncated list have no position and come last.
        return self.order_by(F("position").asc(nulls_last=True), "id")

    def in_profile_order(self) -> Self:
        """A person's authorships as their profile orders them: their own order, then newest first."""
        return self.order_by(
            F("profile_order").asc(nulls_last=True),
            F("paper__year").desc(nulls_last=True),
            F("paper__month").desc(nulls_last=True),
            "-paper_id",
        )


class Authorship(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships")
    researcher = models.ForeignKey(Researcher, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="1 for the first author; empty when the source's list was truncated before them.",
    )
    printed_name = models.CharField(max_length=200, blank=True, help_text="The name as printed on this paper.")
    equal_contribution = models.BooleanField(default=False)
    corresponding = models.BooleanField(default=False)
    selected = models.BooleanField(default=False, help_text="Listed among this researcher's selected papers.")
    highlighted = models.BooleanField(default=False)
    # The owner's own place for the paper on their profile (1 first); theirs, not the shared paper's, like the flags.
    profile_order = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="The owner's order on their profile."
    )

    objects = AuthorshipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "position"]
        # A person's papers with what their profile counts (first author, selected), from the index alone.
        indexes = [
            models.Index(
                fields=["researcher", "paper"],
                include=["position", "equal_contribution", "selected", "profile_order"],
                name="authorship_researcher_paper",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "position"],
                name="authorship_unique_position",
                violation_error_message="Two authors of this paper have the same position.",
            ),
            models.UniqueConstraint(
                fields=["paper", "researcher"],
                name="authorship_unique_researcher",
                violation_error_message="This researcher is already an author of this paper.",
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(position__gte=1),
                name="authorship_position_from_one",
                violation_error_message="Author positions start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} on {self.paper_id}"

    @staticmethod
    def format_name(printed_name, researcher_name):
        """An author as this paper printed them, else by the researcher's usual name (also for list rows)."""
        return printed_name or researcher_name

    @property
    def display_name(self):
        # The researcher is read only when needed: a history record (the change-set page) has not loaded it.
        return self.format_name(self.printed_name, "" if self.printed_name else self.researcher.name)

    @property
    def url(self):
        return self.researcher.get_absolute_url()

    @property
    def is_organization(self):
        """An organisation as author ("Ling Team"): every output prints its name whole, in its place."""
        return self.researcher.is_organization


class PaperLink(Link):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="links")

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "id"]
        constraints = [models.UniqueConstraint(fields=["paper", "kind", "url"], name="paperlink_unique")]


class ProfileTopic(models.Model):
    """The ordered topics a profile groups its publication list under."""

    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="profile_topics")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="profile_topics")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["researcher", "position"]
        constraints = [models.UniqueConstraint(fields=["researcher", "topic"], name="profiletopic_unique")]

    def __str__(self):
        return f"{self.researcher}: {self.topic}"


class AwardQuerySet(models.QuerySet["Award"]):
    def with_listing(self) -> Self:
        """An award as lists show it: conferring venue or body, paper, recipients; 2 queries."""
        return self.select_related("venue", "organization", "paper").prefetch_related("recipients")

    def for_researcher(self, researcher: Researcher) -> Self:
        """Honours they received and the awards of papers they wrote."""
        return self.filter(Q(recipients=researcher) | Q(paper__authorships__researcher=researcher)).distinct()

    def newest_first(self) -> Self:
        """Newest first, undated last (on every database), then by name."""
        return self.order_by(F("year").desc(nulls_last=True), "name", "id")

    def for_organization(self, organizations: list[int]) -> Self:
        """Awards conferred by one of `organizations` or won by a paper written there (PaperQuerySet.by_organization);
        a member's personal honours stay on their profile, which cannot tell where they were won."""
        papers = Paper.objects.by_organization(organizations).values("pk")
        return self.filter(Q(organization__in=organizations) | Q(paper__in=papers)).newest_first()

    def for_profile(self, researcher: Researcher) -> Self:
        """A profile's honours, as the page and the API list them: each once, newest first; 1 query."""
        return self.for_researcher(researcher).select_related("venue", "organization").newest_first()


class Award(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper award")
        HONOUR = "honour", _("Honour")
        SCHOLARSHIP = "scholarship", _("Scholarship")
        TRAVEL_GRANT = "travel_grant", _("Travel grant")
        GRANT = "grant", _("Grant")
        COMPETITION = "competition", _("Competition place")

    name = models.CharField(max_length=300, help_text='"Outstanding Paper Award", "National Scholarship".')
    kind = models.CharField(max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    year_end = models.PositiveSmallIntegerField(null=True, blank=True, help_text="For an honour held over years.")
    venue = models.ForeignKey(
        Venue,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        help_text="Conferring venue.",
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        help_text="Conferring body, when not a venue.",
    )
    place = models.CharField(max_length=100, blank=True, help_text='"3rd place", "Gold medal".')
    description = models.TextField(blank=True)
    # PROTECT: deleting an awarded paper must be a decision, not a side effect.
    paper = models.ForeignKey(Paper, null=True, blank=True, on_delete=models.PROTECT, related_name="awards")
    recipients = models.ManyToManyField(
        Researcher,
        blank=True,
        related_name="awards",
        help_text="For a paper award the authors are implied.",
    )

    objects = AwardQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[recipients])

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_end__isnull=True) | Q(year__isnull=False, year_end__gte=F("year")),
                name="award_years_ordered",
                violation_error_message="The last year of an award needs a first year and cannot precede it.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="paper") | Q(paper__isnull=False),
                name="award_paper_award_has_paper",
                violation_error_message="A paper award must name its paper.",
            ),
        ]

    def __str__(self):
        return " ".join(p for p in [self.conferred_by, self.years_display, self.name_and_place] if p)

    @property
    def conferred_by(self):
        if self.venue:
            return self.venue.acronym
        return self.organization.short_name or self.organization.name if self.organization else ""

    @property
    def years_display(self):
        if self.year and self.year_end and self.year_end != self.year:
            return f"{self.year}–{self.year_end}"
        return str(self.year or "")

    @property
    def place_suffix(self):
        return f"({self.place})" if self.place else ""

    @property
    def name_and_place(self):
        """'Paper Source Tracing (3rd place)': the award without who conferred it and when (a paper's badge)."""
        return " ".join(p for p in [self.name, self.place_suffix] if p)


class Disagreement(models.Model):
    """A source's value for a paper's field that differs from the value the paper has from a curator or from
    another source: kept for a curator to accept or reject, never written silently (curation/provenance.py)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="disagreements")
    field = models.CharField(max_length=40)
    current = models.JSONField(help_text="The paper's value when the source proposed another.")
    proposed = models.JSONField()
    # A digest of `proposed`: unique per paper and field, so a value decided once is not proposed again
    # (an abstract is too long for a unique index of its own).
    proposed_key = models.CharField(max_length=64, editable=False)
    source = models.CharField(max_length=20, help_text="The source that proposed it: crossref, openalex, ...")
    identifier = models.CharField(max_length=255, blank=True, help_text="What was fetched: doi:10.…, arxiv:….")
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "-created"], name="disagreement_queue")]
        constraints = [
            models.UniqueConstraint(fields=["paper", "field", "proposed_key"], name="disagreement_once_per_value")
        ]

    def __str__(self):
        return f"{self.field} of paper #{self.paper_id} ({self.source})"


class ImportBatch(models.Model):
    """One imported file: its history records carry `change_reason`, so the import is one change set."""

    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    created_papers = models.PositiveIntegerField(default=0)
    updated_papers = models.PositiveIntegerField(default=0)
    unchanged_papers = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True, help_text="The entries left out, with the reasons.")

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return self.change_reason

    @property
    def change_reason(self):
        return f"Import #{self.pk}: {self.file_name}"[:100]


class CitationYear(models.Model):
    """The citations a paper received in one calendar year, as a source counts them (OpenAlex's counts_by_year).

    A refresh replaces a paper's rows with the source's latest answer; the profile sums them per year."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="citation_years")
    year = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()
    source = models.CharField(max_length=100)
    as_of = models.DateField()

    class Meta:
        ordering = ["paper", "year"]
        constraints = [models.UniqueConstraint(fields=["paper", "year"], name="citation_year_unique")]

    def __str__(self):
        return f"{self.year}: {self.count}"


class Reference(models.Model):
    """A work that a paper in pubdb cites, by its OpenAlex id; `cited` is the paper in pubdb that is that work,
    once there is one. The id is kept so a work added later (or matched later) links up without asking the
    source again; a work not in pubdb is never created from it."""

    citing = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="reference_rows")
    cited = models.ForeignKey(Paper, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by_rows")
    openalex_id = models.CharField(max_length=20)
    source = models.CharField(max_length=100)
    as_of = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["citing", "openalex_id"], name="reference_unique")]
        indexes = [models.Index(fields=["openalex_id"], name="reference_openalex_id")]

    def __str__(self):
        return f"{self.citing_id} cites {self.cited_id or self.openalex_id}"
