from typing import Self, cast

from django.conf import settings
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Upper
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pubdb.links import object_url
from pubdb.subqueries import SubqueryCount
from researchers.decisions import CuratorDecision
from researchers.partial_dates import PartialDateModel, format_partial_date

from .slugs import FillsSlug
from .sorting import sort_key
from .validators import ORCID_PATTERN, validate_orcid, validate_photo, validate_ror


class LinkKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PAPER = "paper", _("Paper")
    ARXIV = "arxiv", "arXiv"
    CODE = "code", _("Code")
    SLIDES = "slides", _("Slides")
    POSTER = "poster", _("Poster")
    VIDEO = "video", _("Video")
    DATA = "data", _("Data")
    BLOG = "blog", _("Blog")
    BIB = "bib", "BibTeX"
    HUGGINGFACE = "huggingface", "Hugging Face"
    PROJECT = "project", _("Project")
    LEADERBOARD = "leaderboard", _("Leaderboard")
    SEMANTIC_SCHOLAR = "semantic_scholar", "Semantic Scholar"
    NEWS = "news", _("News")


# For Link.label_for(), called per link of a list: LinkKind.choices is rebuilt on every access.
LINK_KIND_LABELS = dict(LinkKind.choices)


class Link(models.Model):
    """A typed URL; papers, projects and talks each have their own table of these."""

    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    url = models.URLField(max_length=500)
    label = models.CharField(max_length=100, blank=True, help_text="Shown instead of the kind's name.")

    class Meta:
        abstract = True

    def __str__(self):
        return self.label_for(self.kind, self.label)

    @staticmethod
    def label_for(kind, label):
        """A link as shown: its own label, else its kind's name ('Code', 'Hugging Face'); also for list rows."""
        return label or str(LINK_KIND_LABELS.get(kind, kind))


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def with_people(self) -> Self:
        """The organizations someone held a position at or is affiliated with: the ones worth a page of their own."""
        return self.filter(
            Exists(Position.objects.filter(organization=OuterRef("pk")))
            | Exists(Researcher.objects.filter(affiliation=OuterRef("pk")))
        )


class Organization(FillsSlug):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        COMPANY = "company", _("Company")
        LAB = "lab", _("Lab")
        INSTITUTE = "institute", _("Institute")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True, blank=True, help_text="Made from the name when empty.")
    short_name = models.CharField(max_length=50, blank=True, help_text="BIT, CUHK-SZ")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text="For a group or lab: the organization it belongs to (SCIR in Harbin Institute of Technology).",
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code, e.g. CN")
    url = models.URLField(blank=True)
    ror = models.CharField(
        "ROR ID",
        max_length=9,
        blank=True,
        validators=[validate_ror],
        help_text="The Research Organization Registry id: nine characters, such as 01skt4w74.",
    )

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords()
    slug_from = ["name", "short_name"]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["ror"], condition=~Q(ror=""), name="organization_ror_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_url("organizations:detail", self.slug)

    @property
    def ror_url(self):
        return f"https://ror.org/{self.ror}" if self.ror else ""

    def with_units(self):
        """This organization's pk and its groups' and labs', to any depth (an organization tree is small)."""
        pks, level = [self.pk], [self.pk]
        while level := list(Organization.objects.filter(parent__in=level).values_list("pk", flat=True)):
            pks += level
        return pks


def _authorships():
    """The papers app's Authorship model, reached through its foreign key to Researcher (papers imports
    researchers, never the reverse)."""
    return Researcher._meta.get_field("authorships").related_model


def _curated():
    return ~Q(bio="") | Exists(Position.objects.filter(researcher=OuterRef("pk")))


def profile_parts():
    """The parts of a profile beside its papers, {related name: its prefetch}; one query each (and one for
    each nested one: advisors, talk links, project links)."""
    return {
        "aliases": Prefetch("aliases"),
        "positions": Prefetch(
            "positions", queryset=Position.objects.select_related("organization").prefetch_related("advisors")
        ),
        "news": Prefetch("news"),
        "talks": Prefetch("talks", queryset=Talk.objects.prefetch_related("links")),
        "services": Prefetch("services", queryset=Service.objects.select_related("venue")),
        "projects": Prefetch("projects", queryset=Project.objects.prefetch_related("links")),
    }


def _part_model(name) -> type[models.Model]:
    return cast(type[models.Model], Researcher._meta.get_field(name).related_model)


def prefetch_profile_parts(researcher):
    """The parts of a researcher loaded by with_profile_marked() that have rows; the others empty, no query."""
    lookups = [
        lookup
        if getattr(researcher, f"has_{name}")
        else Prefetch(name, queryset=_part_model(name)._default_manager.none())
        for name, lookup in profile_parts().items()
    ]
    prefetch_related_objects([researcher], *lookups)
    return researcher


class ResearcherQuerySet(models.QuerySet["Researcher"]):
    def with_listing(self) -> Self:
        """A researcher as lists show them: affiliation and aliases; 2 queries."""
        return self.select_related("affiliation").prefetch_related("aliases")

    def with_maintained(self) -> Self:
        """`maintained`: the profile has an owner, an account whose claim was accepted (no extra query)."""
        accepted = Claim.objects.filter(researcher=OuterRef("pk"), status=Claim.Status.ACCEPTED)
        return self.annotate(maintained=Exists(accepted))

    def with_profile(self) -> Self:
        """Everything a profile page shows besides the papers, in a fixed number of queries."""
        return self.with_maintained().select_related("affiliation").prefetch_related(*profile_parts().values())

    def with_profile_marked(self) -> Self:
        """with_profile() without its prefetches: each part marked instead by whether it has rows (`has_<part>`,
        and `has_namesakes` for the people of the same name), an index probe each in the one query, so that
        prefetch_profile_parts() reads only the parts there are; most people (an author known from bylines) have
        none of them."""
        marks = {
            f"has_{name}": Exists(_part_model(name)._default_manager.filter(researcher=OuterRef("pk")))
            for name in profile_parts()
        }
        namesakes = Researcher.objects.filter(name__iexact=OuterRef("name")).exclude(pk=OuterRef("pk"))
        return self.with_maintained().select_related("affiliation").annotate(**marks, has_namesakes=Exists(namesakes))

    def most_papers(self, limit: int) -> list["Researcher"]:
        """The `limit` people with the most papers, most first, each with `paper_total`; 2 queries.

        Read from the stored per-person counts (PaperTally) through their index: counting every authorship
        took about 1 s at a million papers.
        """
        top = PaperTally.objects.filter(papers__gt=0).order_by("-papers", "researcher_id")
        totals = dict(top.values_list("researcher_id", "papers")[:limit])
        people = self.in_bulk(totals)
        for pk, person in people.items():
            person.paper_total = totals[pk]
        return sorted(people.values(), key=lambda p: (-p.paper_total, p.pk))

    def with_paper_total(self) -> Self:
        """`paper_total`: the number of their papers, counted for the people a page shows (not for everyone)."""
        return self.annotate(paper_total=SubqueryCount(_authorships().objects.filter(researcher=OuterRef("pk"))))

    def with_years_active(self) -> Self:
        """`first_year` and `last_year` of their dated papers, which tell namesakes apart (for a page's people)."""
        dated = _authorships().objects.filter(researcher=OuterRef("pk")).exclude(paper__year=None)
        return self.annotate(
            first_year=Subquery(dated.order_by("paper__year").values("paper__year")[:1]),
            last_year=Subquery(dated.order_by("-paper__year").values("paper__year")[:1]),
        )

    def with_curated(self) -> Self:
        """`curated`: a profile someone wrote (a bio or positions), not a co-author known from one byline."""
        return self.annotate(curated=ExpressionWrapper(_curated(), output_field=models.BooleanField()))

    def curated(self) -> Self:
        return self.filter(_curated())

    def people(self) -> Self:
        """Persons only: not the organisations that author papers ("Ling Team"), for lists of people."""
        return self.filter(is_organization=False)

    def members_of(self, organizations: list[int], *, current: bool | None = None) -> Self:
        """People who hold (current=True), held only in the past (False), or ever held (None) a position at one of
        `organizations`; a current affiliation counts as holding one."""
        positions = Position.objects.filter(researcher=OuterRef("pk"), organization__in=organizations)
        now = Q(affiliation__in=organizations) | Exists(positions.filter(current=True))
        if current:
            return self.filter(now)
        if current is False:
            return self.filter(Exists(positions)).exclude(now)
        return self.filter(now | Exists(positions))

    def coauthors_outside(self, organizations: list[int]) -> Self:
        """People who wrote a paper with a member of `organizations` and are not members themselves (people:
        an organisation as author, "Ling Team", is no one's co-author)."""
        authorships = _authorships().objects
        members = Researcher.objects.members_of(organizations)
        with_members = authorships.filter(researcher__in=members).values("paper_id")
        wrote = authorships.filter(researcher=OuterRef("pk"), paper_id__in=with_members)
        return self.people().filter(Exists(wrote)).exclude(pk__in=members.values("pk"))

    def matching_name(self, name: str) -> Self:
        """People printed as `name`: by name or by alias, case-insensitively (each served by its upper(name)
        index; a join of the aliases would read every person)."""
        by_alias = Alias.objects.filter(name__iexact=name).values("researcher_id")
        return self.filter(Q(name__iexact=name) | Q(pk__in=by_alias))


class Researcher(FillsSlug):
    name = models.CharField(max_length=200, db_index=True, help_text="As usually printed, in Latin script.")
    native_name = models.CharField(max_length=200, blank=True, help_text="张辰")
    sort_key = models.CharField(
        max_length=220, blank=True, editable=False, help_text="Family name first, in ASCII; filled on save."
    )
    slug = models.SlugField(
        max_length=220,
        unique=True,
        blank=True,
        help_text="Made from the name when left empty; homonyms get a suffix: chen-zhang, chen-zhang-2.",
    )
    is_organization = models.BooleanField(
        "organisation",
        default=False,
        help_text='A team or institution as author ("Ling Team"): printed in its place in author lists, '
        "never listed as a person (directory, co-authors), without metrics.",
    )
    headline = models.CharField(max_length=300, blank=True, help_text="Current position, one line.")
    affiliation = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    bio = models.TextField(blank=True, help_text="Markdown; sanitised when shown.")
    interests = models.JSONField(default=list, blank=True, help_text='A list of strings: ["NLP", "IR"].')
    email = models.EmailField(blank=True, help_text="Shown obfuscated.")
    homepage = models.URLField(blank=True)
    photo = models.ImageField(
        upload_to="photos/",
        blank=True,
        validators=[validate_photo],
        help_text="A JPEG, PNG, WebP or GIF image (5 MB at most unless PUBDB_MAX_PHOTO_BYTES says otherwise).",
    )

    orcid = models.CharField(
        "ORCID iD",
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text="0000-0002-1825-0097",
    )
    google_scholar = models.CharField("Google Scholar id", max_length=40, blank=True)
    semantic_scholar = models.CharField("Semantic Scholar author id", max_length=40, blank=True)
    dblp = models.CharField("DBLP pid", max_length=60, blank=True, help_text="e.g. 123/4567")
    openreview = models.CharField("OpenReview id", max_length=100, blank=True, help_text="~Chen_Zhang1")
    github = models.CharField("GitHub user", max_length=100, blank=True)

    # A snapshot for when per-paper citation counts are not known.
    citations = models.PositiveIntegerField(null=True, blank=True)
    h_index = models.PositiveSmallIntegerField(null=True, blank=True)
    i10_index = models.PositiveSmallIntegerField(null=True, blank=True)
    paper_count = models.PositiveIntegerField(null=True, blank=True, help_text="As the metrics source counts.")
    metrics_source = models.CharField(max_length=200, blank=True)
    metrics_as_of = models.DateField(null=True, blank=True)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ResearcherQuerySet.as_manager()
    history = HistoricalRecords()
    slug_from = ["name", "native_name"]  # the native name only when the Latin name spells nothing
    paper_total: int  # not a column: set by with_paper_total() and most_papers()

    class Meta:
        ordering = ["name", "slug"]
        indexes = [
            models.Index(fields=["sort_key", "slug"], name="researcher_sort_key"),  # the directory
            # The directory lists people, not organisation authors: its count and letters read this one.
            models.Index(
                fields=["sort_key", "slug"], condition=Q(is_organization=False), name="researcher_people_sort"
            ),
            models.Index(
                fields=["updated", "id"], name="researcher_updated"
            ),  # the sitemap's ETag: count and last edit
            # name__iexact on PostgreSQL is upper(name) = upper(%s): matching_name() and the importers' batches.
            models.Index(Upper("name"), name="researcher_name_upper"),
            # The few organisation authors, left out of co-author lists without reading every person.
            models.Index(fields=["id"], condition=Q(is_organization=True), name="researcher_organizations"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(orcid="") | Q(orcid__regex=ORCID_PATTERN),
                name="researcher_orcid_format",
                violation_error_message="An ORCID iD looks like 0000-0002-1825-0097.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.native_name})" if self.native_name else self.name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if kwargs.get("update_fields") is not None and {"name", "native_name"} & set(kwargs["update_fields"]):
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("researchers:detail", self.slug)

    def fill_derived_fields(self):
        """What save() computes from the other fields (not the slug); bulk writers call it themselves."""
        self.sort_key = sort_key(self.name, self.native_name)


class PaperTally(models.Model):
    """How many papers a person is an author of (their authorship rows), for the home page's "most papers".

    Kept by database triggers on papers_authorship (migration papers 0011), so every write path (admin, API,
    importers, merge and split, revert, restore, the bulk loader) keeps it exact without knowing about it.
    No row means no papers; a row may say 0 after the person's last authorship went.
    """

    researcher = models.OneToOneField(
        Researcher, primary_key=True, on_delete=models.CASCADE, related_name="paper_tally"
    )
    papers = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["-papers", "researcher"], name="paper_tally_most_first")]

    def __str__(self):
        return f"{self.researcher_id}: {self.papers}"


class CoauthorTally(models.Model):
    """How many papers two people wrote together, for a profile's most frequent co-authors.

    Kept by database triggers on papers_authorship (migration papers 0018), like PaperTally, so every write
    path keeps it exact; both directions are stored, so a profile reads its own rows by the index, most
    shared first. No row means no shared paper; a row may say 0 after the last one went.
    """

    pk = models.CompositePrimaryKey("researcher", "coauthor")  # the triggers' upsert target
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="+", db_index=False)
    coauthor = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="+")
    papers = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["researcher", "-papers", "coauthor"], name="coauthor_tally_most_first")]

    def __str__(self):
        return f"{self.researcher_id} with {self.coauthor_id}: {self.papers}"


class Alias(models.Model):
    """Another printed form of a researcher's name ("Bin Qin" for "Bing Qin")."""

    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["name"]
        indexes = [models.Index(Upper("name"), name="alias_name_upper")]  # as the researcher's name
        constraints = [models.UniqueConstraint(fields=["researcher", "name"], name="alias_unique_per_researcher")]

    def __str__(self):
        return self.name


class OldSlug(models.Model):
    """The slug of a researcher merged into this one: /researchers/<slug>/... still finds them (301)."""

    slug = models.SlugField(max_length=220, unique=True)
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="old_slugs")

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class Position(models.Model):
    class Kind(models.TextChoices):
        EDUCATION = "education", _("Education")
        EMPLOYMENT = "employment", _("Employment")
        INTERNSHIP = "internship", _("Internship")
        VISIT = "visit", _("Visit")

    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="positions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True, help_text="Degree or job title: Ph.D., Researcher.")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="positions")
    unit = models.CharField(max_length=200, blank=True, help_text="Lab or department: SCIR, M17.")
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(null=True, blank=True)
    current = models.BooleanField(default=False, help_text="Held now; an end date is then the expected one.")
    advisors = models.ManyToManyField(Researcher, blank=True, related_name="advised_positions")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[advisors])

    class Meta:
        ordering = ["researcher", "-current", "order", "-start_year", "-start_month"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start_month__isnull=True) | Q(start_month__gte=1, start_month__lte=12))
                & (Q(end_month__isnull=True) | Q(end_month__gte=1, end_month__lte=12)),
                name="position_months_valid",
                violation_error_message="Months must be between 1 and 12.",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="position_ends_after_start",
                violation_error_message="A position cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.title or self.get_kind_display()}, {self.organization}"

    @property
    def period_display(self):
        start = format_partial_date(self.start_year, self.start_month)
        end = format_partial_date(self.end_year, self.end_month)
        if self.current:
            end = gettext("expected %(date)s") % {"date": end} if end else gettext("present")
        if start or end:
            return f"{start} – {end}" if start else end
        return ""


class NewsItem(PartialDateModel):
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="news")
    text = models.TextField(help_text="Markdown.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Page order, for items without a date.")

    history = HistoricalRecords()

    class Meta(PartialDateModel.Meta):
        verbose_name = "news item"
        ordering = ["researcher", "order"]

    def __str__(self):
        return self.text[:80]


class Talk(PartialDateModel):
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="talks")
    title = models.CharField(max_length=300)
    host = models.CharField(max_length=200, blank=True, help_text="Where it was given.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta(PartialDateModel.Meta):
        ordering = ["researcher", "order"]

    def __str__(self):
        return self.title


class TalkLink(Link):
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="links")

    history = HistoricalRecords()


class Service(models.Model):
    class Role(models.TextChoices):
        REVIEWER = "reviewer", _("Reviewer")
        SECONDARY_REVIEWER = "secondary_reviewer", _("Secondary reviewer")
        PROGRAM_COMMITTEE = "program_committee", _("Program committee")
        AREA_CHAIR = "area_chair", _("Area chair")
        ORGANIZER = "organizer", _("Organizer")
        VOLUNTEER = "volunteer", _("Volunteer")

    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="services")
    role = models.CharField(max_length=30, choices=Role.choices)
    venue = models.ForeignKey("papers.Venue", on_delete=models.PROTECT, related_name="services")
    year_start = models.PositiveSmallIntegerField(null=True, blank=True)
    year_end = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty for a single year.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["researcher", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_end__isnull=True) | Q(year_start__isnull=False, year_end__gte=models.F("year_start")),
                name="service_years_ordered",
                violation_error_message="The last year of a service needs a first year and cannot precede it.",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}, {self.venue.acronym} {self.years_display}".strip()

    @property
    def years_display(self):
        if self.year_start and self.year_end and self.year_end != self.year_start:
            return f"{self.year_start}–{self.year_end}"
        return str(self.year_start or "")


class Project(models.Model):
    """Named software, models or data sets a researcher built."""

    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["researcher", "order"]

    def __str__(self):
        return self.name


class ProjectLink(Link):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")

    history = HistoricalRecords()


class ClaimQuerySet(models.QuerySet["Claim"]):
    def accepted(self) -> Self:
        return self.filter(status=Claim.Status.ACCEPTED)

    def awaiting_curator(self) -> Self:
        """The curators' queue: claims that asked for a curator's approval, oldest first, with who and what."""
        return (
            self.filter(status=Claim.Status.PENDING, method=Claim.Method.CURATOR)
            .select_related("user", "researcher")
            .order_by("created", "pk")
        )


class Claim(CuratorDecision):
    """An account's request to maintain a researcher profile. Accepted, the account is the profile's owner:
    one profile per account and one owner per profile, held by the database (the two partial unique constraints).

    Proof is a link mailed to the profile's address (email), the account's verified ORCID iD equal to the
    profile's (orcid, accepted at once), or a curator's approval of the claimant's message (curator).
    """

    class Method(models.TextChoices):
        EMAIL = "email", _("E-mail to the profile's address")
        ORCID = "orcid", _("Verified ORCID iD")
        CURATOR = "curator", _("Curator's approval")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims")
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="claims")
    method = models.CharField(max_length=10, choices=Method.choices)
    message = models.TextField(blank=True, help_text="What the claimant tells the curator: who they are.")
    reason = models.TextField(blank=True, help_text="The curator's answer, mailed to the claimant.")

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="accepted"),
                name="claim_one_profile_per_account",
                violation_error_message=_("This account already maintains a profile."),
            ),
            models.UniqueConstraint(
                fields=["researcher"],
                condition=Q(status="accepted"),
                name="claim_one_owner_per_profile",
                violation_error_message=_("This profile already has an owner."),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.researcher} ({self.get_status_display()})"
