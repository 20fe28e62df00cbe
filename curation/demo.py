"""Load the seed profiles transcribed in demo/*.yaml (format: demo/FORMAT.md).

Idempotent: rows are found by natural keys and saved only when something
differs, so a second run writes nothing (not even history).
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from papers.models import Award, Paper, ProfileTopic, Topic, Venue
from researchers.models import (
    Alias,
    NewsItem,
    Organization,
    Position,
    Project,
    Researcher,
    Service,
    Talk,
)
from researchers.partial_dates import parse_partial_date
from researchers.slugs import base_slug, unique_slug

from .authors import AuthorEntry, set_authors
from .matching import find_paper

DEMO_DIR = Path(settings.BASE_DIR) / "demo"


class DemoLoader:
    def __init__(self):
        self.changed = 0

    # -- generic helpers -------------------------------------------------
    def upsert(self, model, lookup, values, *, fill_blanks_only=False):
        """Get or create by `lookup`; set `values`, saving only when one differs."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**{**lookup, **values})
            obj.full_clean()
            obj.save()
            self.changed += 1
            return obj
        dirty = False
        for field, value in values.items():
            current = getattr(obj, field)
            if current == value or (fill_blanks_only and current not in ("", None)):
                continue
            setattr(obj, field, value)
            dirty = True
        if dirty:
            obj.full_clean()
            obj.save()
            self.changed += 1
        return obj

    def set_m2m(self, manager, objects):
        if set(manager.all()) != set(objects):
            manager.set(objects)
            self.changed += 1

    def sync_links(self, manager, links):
        wanted = [(link["kind"], link["url"], link.get("label") or "") for link in links or []]
        if [(link.kind, link.url, link.label) for link in manager.order_by("id")] == wanted:
            return
        manager.all().delete()
        for kind, url, label in wanted:
            link = manager.model(**{manager.field.name: manager.instance}, kind=kind, url=url, label=label)
            link.full_clean()
            link.save()
        self.changed += 1

    def prune(self, queryset, keep):
        """Delete profile items past the ones the file lists (a shortened list)."""
        stale = queryset.exclude(pk__in=[obj.pk for obj in keep])
        if stale.exists():
            stale.delete()
            self.changed += 1

    # -- the file's sections ---------------------------------------------
    def load_file(self, path):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        self.venues = {v["acronym"]: self.load_venue(v) for v in data.get("venues") or []}
        self.organizations = {o["name"]: self.load_organization(o) for o in data.get("organizations") or []}
        for person in data.get("people") or []:
            self.load_person(person)
        profiles = [self.load_profile(p) for p in data.get("profiles") or []]
        topics = {t.topic.name: t.topic for r in profiles for t in r.profile_topics.select_related("topic")}
        for paper in data.get("papers") or []:
            self.load_paper(paper, topics)
        return data

    def load_venue(self, data):
        values = {k: data.get(k) or "" for k in ("name", "kind", "publisher", "url")}
        values["acronym"] = data["acronym"]
        return self.upsert(Venue, {"slug": base_slug(Venue, values)}, values, fill_blanks_only=True)

    def load_organization(self, data):
        values = {k: data.get(k) or "" for k in ("short_name", "kind", "country", "url")}
        return self.upsert(Organization, {"name": data["name"]}, values, fill_blanks_only=True)

    def body(self, name):
        """A conferring body: a venue acronym of this file, else an organization name."""
        if not name:
            return {"venue": None, "organization": None}
        if name in self.venues:
            return {"venue": self.venues[name], "organization": None}
        org = self.organizations.get(name) or self.upsert(Organization, {"name": name}, {})
        return {"venue": None, "organization": org}

    def person(self, name, slug=None):
        return self.upsert(Researcher, {"slug": slug or unique_slug(Researcher(name=name))}, {"name": name})

    def load_person(self, data):
        slug = data.get("slug") or Researcher.objects.filter(name=data["name"]).values_list("slug", flat=True).first()
        researcher = self.person(data["name"], slug)
        values = {k: data[k] for k in ("homepage", "native_name") if data.get(k)}
        self.upsert(Researcher, {"pk": researcher.pk}, values)
        for alias in data.get("aliases") or []:
            self.upsert(Alias, {"researcher": researcher, "name": alias}, {})
        return researcher

    def load_profile(self, data):
        researcher = self.person(data["name"], data["slug"])
        ids = data.get("identifiers") or {}
        metrics = data.get("metrics") or {}
        values = {
            "native_name": data.get("native_name") or "",
            "headline": data.get("headline") or "",
            "affiliation": self.organizations.get(data.get("affiliation")),
            "bio": (data.get("bio") or "").strip(),
            "interests": data.get("interests") or [],
            "email": data.get("email") or "",
            "homepage": data.get("homepage") or "",
            **{
                k: ids.get(k) or ""
                for k in ("orcid", "google_scholar", "semantic_scholar", "dblp", "openreview", "github")
            },
            **{k: metrics.get(k) for k in ("citations", "h_index", "i10_index", "paper_count")},
            "metrics_source": metrics.get("source") or "",
            "metrics_as_of": metrics.get("as_of"),
        }
        self.upsert(Researcher, {"pk": researcher.pk}, values)
        researcher.refresh_from_db()
        for alias in data.get("aliases") or []:
            self.upsert(Alias, {"researcher": researcher, "name": alias}, {})

        keep = []
        for order, name in enumerate(data.get("topics") or []):
            topic = self.upsert(Topic, {"name": name}, {})
            keep.append(self.upsert(ProfileTopic, {"researcher": researcher, "topic": topic}, {"position": order}))
        self.prune(researcher.profile_topics.all(), keep)

        keep = []
        for order, item in enumerate(data.get("positions") or []):
            start, end = parse_partial_date(item.get("start")), parse_partial_date(item.get("end"))
            position = self.upsert(
                Position,
                {"researcher": researcher, "order": order},
                {
                    "kind": item["kind"],
                    "title": item.get("title") or "",
                    "organization": self.organizations[item["organization"]],
                    "unit": item.get("unit") or "",
                    "start_year": start[0],
                    "start_month": start[1],
                    "end_year": end[0],
                    "end_month": end[1],
                    "current": bool(item.get("current")),
                },
            )
            self.set_m2m(position.advisors, [self.resolve_person(name) for name in item.get("advisors") or []])
            keep.append(position)
        self.prune(researcher.positions.all(), keep)

        keep = []
        for order, item in enumerate(data.get("news") or []):
            year, month, day = parse_partial_date(item.get("date"))
            keep.append(
                self.upsert(
                    NewsItem,
                    {"researcher": researcher, "order": order},
                    {"text": item["text"].strip(), "year": year, "month": month, "day": day},
                )
            )
        self.prune(researcher.news.all(), keep)

        keep = []
        for order, item in enumerate(data.get("talks") or []):
            year, month, day = parse_partial_date(item.get("date"))
            talk = self.upsert(
                Talk,
                {"researcher": researcher, "order": order},
                {"title": item["title"], "host": item.get("host") or "", "year": year, "month": month, "day": day},
            )
            self.sync_links(talk.links, item.get("links"))
            keep.append(talk)
        self.prune(researcher.talks.all(), keep)

        keep = []
        for order, item in enumerate(data.get("services") or []):
            years = sorted(item.get("years") or [])
            keep.append(
                self.upsert(
                    Service,
                    {"researcher": researcher, "order": order},
                    {
                        "role": item["role"],
                        "venue": self.venues[item["venue"]],
                        "year_start": years[0] if years else None,
                        "year_end": years[-1] if len(years) > 1 else None,
                    },
                )
            )
        self.prune(researcher.services.all(), keep)

        keep = []
        for order, item in enumerate(data.get("projects") or []):
            project = self.upsert(
                Project,
                {"researcher": researcher, "order": order},
                {"name": item["name"], "description": (item.get("description") or "").strip()},
            )
            self.sync_links(project.links, item.get("links"))
            keep.append(project)
        self.prune(researcher.projects.all(), keep)

        keep = []
        for item in data.get("honours") or []:
            existing = researcher.awards.filter(name=item["name"], year=item.get("year")).first()
            award = self.load_award(item, existing)
            self.set_m2m(award.recipients, set(award.recipients.all()) | {researcher})
            keep.append(award)
        self.prune(researcher.awards.filter(paper=None), keep)
        return researcher

    def resolve_person(self, name):
        existing = Researcher.objects.matching_name(name)
        if existing.count() == 1:
            return existing.get()
        return self.person(name)

    def load_award(self, data, existing, paper=None):
        values = {
            "name": data["name"],
            "year": data.get("year"),
            "kind": data["kind"],
            "year_end": data.get("year_end"),
            "place": data.get("place") or "",
            "description": data.get("description") or "",
            "paper": paper,
            **self.body(data.get("body")),
        }
        if existing:
            return self.upsert(Award, {"pk": existing.pk}, values)
        award = Award(**values)
        award.full_clean()
        award.save()
        self.changed += 1
        return award

    def load_paper(self, data, profile_topics):
        year, month, day = data.get("year"), data.get("month"), data.get("day")
        paper = find_paper(
            doi=data.get("doi") or "", arxiv_id=data.get("arxiv_id") or "", title=data["title"], year=year
        )
        values = {
            "title": data["title"],
            "kind": data.get("kind") or Paper.Kind.CONFERENCE,
            "status": data.get("status") or Paper.Status.PUBLISHED,
            "venue": self.venues[data["venue"]] if data.get("venue") else None,
            "year": year,
            "month": month,
            "day": day,
            "track": data.get("track") or "",
            "abstract": (data.get("abstract") or "").strip(),
            "categories": data.get("categories") or [],
            "doi": data.get("doi") or "",
            "arxiv_id": data.get("arxiv_id") or "",
            "authors_truncated": bool(data.get("authors_truncated")),
        }
        paper = self.upsert(Paper, {"pk": paper.pk if paper else None}, values)

        selected = set(data.get("selected") or [])
        entries = []
        for position, author in enumerate(data["authors"], start=1):
            author = {"name": author} if isinstance(author, str) else author
            slug = author.get("researcher") or ""
            entries.append(
                AuthorEntry(
                    name=author["name"],
                    researcher_slug=slug,
                    position=position,
                    equal_contribution=bool(author.get("equal_contribution")),
                    corresponding=bool(author.get("corresponding")),
                    selected=bool(slug) and slug in selected,
                    organization=bool(author.get("organization")),
                )
            )
        for slug in data.get("extra_authors") or []:
            researcher = Researcher.objects.get(slug=slug)
            entries.append(AuthorEntry(name=researcher.name, researcher_slug=slug, selected=slug in selected))
        for entry in entries:
            if not entry.researcher_slug and selected:
                match = Researcher.objects.matching_name(entry.name).filter(slug__in=selected)
                entry.selected = match.exists()
        if set_authors(paper, entries):
            self.changed += 1

        self.sync_links(paper.links, data.get("links"))
        if data.get("topic"):
            self.set_m2m(paper.topics, set(paper.topics.all()) | {profile_topics[data["topic"]]})
        for award in data.get("awards") or []:
            existing = paper.awards.filter(name=award["name"], year=award.get("year")).first()
            self.load_award(award, existing, paper=paper)
        return paper


def load_demo(paths=None):
    """Load every demo file in one transaction; returns how many rows were written."""
    loader = DemoLoader()
    with transaction.atomic():
        for path in paths or sorted(DEMO_DIR.glob("*.yaml")):
            loader.load_file(path)
    return loader.changed
