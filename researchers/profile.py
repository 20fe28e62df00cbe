"""What a profile page shows, assembled from two loads: the researcher and their papers.

Everything here works on already-loaded objects, so the page's query count does not grow with the
number of papers, co-authors or awards.
"""

from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.shortcuts import get_object_or_404

from papers.models import Paper

from .models import Researcher

UNDATED = "Year not given"


class PaperFilterForm(forms.Form):
    """Narrowing a profile's list (page and embed): a year range, a topic, first-authored or selected only."""

    start = forms.IntegerField(required=False, min_value=1900, max_value=2100, label="From year")
    end = forms.IntegerField(required=False, min_value=1900, max_value=2100, label="To year")
    topic = forms.SlugField(required=False)
    first = forms.BooleanField(required=False, label="First-authored only")
    selected = forms.BooleanField(required=False, label="Selected only")

    def filters(self):
        """The valid filters; an invalid field is reported by the form and ignored here."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "", False)}


@dataclass
class Group:
    title: str
    papers: list = field(default_factory=list)
    slug: str = ""


def load_profile(slug):
    """The researcher (with_profile + topics + awards) and their papers, each annotated with `.mine`."""
    researcher = get_object_or_404(Researcher.objects.for_profile_page(), slug=slug)
    papers = list(Paper.objects.for_profile(researcher))
    for paper in papers:
        paper.mine = next(a for a in paper.authorships.all() if a.researcher_id == researcher.pk)
    return researcher, papers


def filter_papers(papers, filters):
    start, end, topic = filters.get("start"), filters.get("end"), filters.get("topic")
    return [
        p
        for p in papers
        if (not start or (p.year and p.year >= start))
        and (not end or (p.year and p.year <= end))
        and (not topic or any(t.slug == topic for t in p.topics.all()))
        and (not filters.get("first") or p.mine.position == 1)
        and (not filters.get("selected") or p.mine.selected)
    ]


def group_papers(researcher, papers):
    """By the profile's topics in their order when it has some (else by year), "Other" / undated last."""
    topics = [pt.topic for pt in researcher.profile_topics.all()]
    groups = {}
    if topics:
        order = {t.pk: i for i, t in enumerate(topics)}
        for paper in papers:
            mine = sorted((t for t in paper.topics.all() if t.pk in order), key=lambda t: order[t.pk])
            key = (order[mine[0].pk], mine[0].name, mine[0].slug) if mine else (len(order), "Other topics", "other")
            groups.setdefault(key, []).append(paper)
    else:
        for paper in papers:
            key = (-(paper.year or 0), str(paper.year) if paper.year else UNDATED, f"y{paper.year or 'undated'}")
            groups.setdefault(key, []).append(paper)
    # Undated papers (key 0) sort after the oldest year; "Other topics" after the profile's topics.
    ordered = sorted(groups.items(), key=lambda item: item[0][0])
    return [Group(title=key[1], slug=key[2], papers=items) for key, items in ordered]


def h_index(counts):
    ranked = sorted(counts, reverse=True)
    return sum(1 for i, c in enumerate(ranked, start=1) if c >= i)


def metrics(researcher, papers):
    """Computed from per-paper counts where any is known, else the stored snapshot with its source."""
    counts = [p.citation_count for p in papers if p.citation_count is not None]
    if counts:
        dates = [p.citation_as_of for p in papers if p.citation_as_of]
        return {
            "papers": len(papers),
            "citations": sum(counts),
            "h_index": h_index(counts),
            "i10_index": sum(1 for c in counts if c >= 10),
            "source": f"computed from per-paper counts ({len(counts)} of {len(papers)} papers)",
            "as_of": max(dates) if dates else None,
            "computed": True,
        }
    return {
        "papers": len(papers),
        "citations": researcher.citations,
        "h_index": researcher.h_index,
        "i10_index": researcher.i10_index,
        "source_papers": researcher.paper_count,
        "source": researcher.metrics_source,
        "as_of": researcher.metrics_as_of,
        "computed": False,
    }


def coauthors(researcher, papers):
    """[(researcher, shared papers)], most frequent first."""
    counts, people = Counter(), {}
    for paper in papers:
        for a in paper.authorships.all():
            if a.researcher_id != researcher.pk:
                counts[a.researcher_id] += 1
                people[a.researcher_id] = a.researcher
    return sorted(((people[pk], n) for pk, n in counts.items()), key=lambda item: (-item[1], item[0].name))


def honours(researcher, papers):
    """Awards the person received plus awards of their papers, each once, newest first."""
    seen, result = set(), []
    for award in [*researcher.awards.all(), *(a for p in papers for a in p.awards.all())]:
        if award.pk not in seen:
            seen.add(award.pk)
            result.append(award)
    return sorted(result, key=lambda a: (-(a.year or 0), a.name))


def advisors(researcher):
    seen = {}
    for position in researcher.positions.all():
        for person in position.advisors.all():
            seen.setdefault(person.pk, person)
    return list(seen.values())


def year_chart(papers, *, bar=22, gap=6, height=90):
    """Bars of papers per year (undated papers are left out) for an inline SVG drawn on the server."""
    per_year = Counter(p.year for p in papers if p.year)
    if not per_year:
        return None
    years = list(range(min(per_year), max(per_year) + 1))
    top = max(per_year.values())
    bars = []
    for i, year in enumerate(years):
        h = round(per_year[year] / top * height) if per_year[year] else 0
        bars.append({"year": year, "count": per_year[year], "x": i * (bar + gap), "y": height - h + 14, "h": h})
    return {
        "bars": bars,
        "width": len(years) * (bar + gap) - gap,
        "height": height + 32,
        "bar": bar,
        "first": years[0],
        "last": years[-1],
        "undated": sum(1 for p in papers if not p.year),
    }
