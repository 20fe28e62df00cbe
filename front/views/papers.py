import json
from itertools import groupby
from typing import cast

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Model, OuterRef, Prefetch, prefetch_related_objects
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from front import citation_counts, citations
from front.listing import load_entries
from papers.exports import (
    EXPORT_FORMATS,
    container_title,
    date_text,
    export_options,
    page_range,
    proceedings_title,
    to_bibtex,
)
from papers.filters import PaperFilter
from papers.models import (
    LISTED_PARTS,
    Award,
    CitationYear,
    Paper,
    PaperLink,
    Reference,
    Topic,
    Venue,
    listing_prefetches,
)
from papers.openurl import citation_meta, context_object

PAGE_SIZE = 25
VENUE_PAGE_SIZE = 100


def paper_list(request):
    # The API's filters (papers/filters.py); an invalid one is named on the page and ignored.
    filters = PaperFilter(request.GET, queryset=Paper.objects.newest_first())
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": filters.form,
        "filters": filters.active,
        "page": page,
        "entries": load_entries(page.object_list),
        "years": Paper.objects.years(),
        "venues": Venue.objects.having_papers().order_by("acronym"),
        "topics": Topic.objects.having_papers().order_by("name"),
    }
    return render(request, "papers/list.html", context)


def _paper(pk):
    return get_object_or_404(Paper.objects.with_listing(), pk=pk)


def _page_paper(pk):
    """The paper as its page shows it. The parts most papers lack (links, awards, topics, references and citing
    papers in pubdb, per-year counts) are each marked by an EXISTS on the paper's own query, an index probe, and
    an empty part costs no query of its own: a paper with authors only is 2 queries, one with every part 8."""
    marks = {
        "has_links": Exists(PaperLink.objects.filter(paper=OuterRef("pk"))),
        "has_awards": Exists(Award.objects.filter(paper=OuterRef("pk"))),
        "has_topics": Exists(Paper.topics.through.objects.filter(paper=OuterRef("pk"))),
        "has_references": Exists(Reference.objects.filter(citing=OuterRef("pk"), cited__isnull=False)),
        "has_citing": Exists(Reference.objects.filter(cited=OuterRef("pk"))),
        "has_citation_years": Exists(CitationYear.objects.filter(paper=OuterRef("pk"))),
    }
    paper = get_object_or_404(Paper.objects.select_related("venue").annotate(**marks), pk=pk)
    lookups = [
        lookup
        if part == "authorships" or getattr(paper, f"has_{part}")
        else Prefetch(part, queryset=_model_of(part)._default_manager.none())  # no query, as the profile's parts
        for part, lookup in zip(LISTED_PARTS, listing_prefetches(), strict=True)
    ]
    prefetch_related_objects([paper], *lookups)
    return paper


def _model_of(part) -> type[Model]:
    return cast(type[Model], Paper._meta.get_field(part).related_model)


def _part_of(paper):
    """schema.org's container of the paper: a journal's Periodical, a conference's proceedings (a Book)."""
    if not paper.venue:
        return ""
    if paper.kind == Paper.Kind.JOURNAL:
        return {"@type": "Periodical", "name": paper.venue.name or paper.venue.acronym}
    if proceedings := proceedings_title(paper):
        return {"@type": "Book", "name": proceedings}
    if paper.kind == Paper.Kind.CHAPTER:
        return {"@type": "Book", "name": container_title(paper)}
    return ""


def json_ld(request, paper):
    """schema.org metadata: the same people, date and pages as the page's citation_* meta tags."""
    first_page, last_page = page_range(paper)
    optional = {
        "datePublished": date_text(paper),
        "pageStart": first_page,
        "pageEnd": last_page,
        "abstract": paper.abstract,
        "isPartOf": _part_of(paper),
        "sameAs": f"https://doi.org/{paper.doi}" if paper.doi else "",
    }
    return {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "name": paper.title,
        "url": request.build_absolute_uri(paper.get_absolute_url()),
        "author": [
            {
                "@type": "Organization" if a.is_organization else "Person",
                "name": a.display_name,
                "url": request.build_absolute_uri(a.url),
            }
            for a in paper.author_list.people
        ],
        **{k: v for k, v in optional.items() if v},
    }


def paper_detail(request, pk):
    paper = _page_paper(pk)
    none: tuple[list, int] = ([], 0)
    references, reference_total = (
        citation_counts.linked_papers(Paper.objects.references_of(paper)) if paper.has_references else none
    )
    citing, citing_total = citation_counts.linked_papers(Paper.objects.citing(paper)) if paper.has_citing else none
    context = {
        "citation_chart": citation_counts.paper_citation_chart(paper) if paper.has_citation_years else None,
        "pubdb_references": references,
        "pubdb_reference_total": reference_total,
        "citing": citing,
        "citing_total": citing_total,
        "paper_api_url": reverse("api:paper-detail", args=[paper.pk]),
        "paper": paper,
        "citation_meta": citation_meta(paper),
        "coins": context_object(paper),
        "bibtex": to_bibtex([paper]),
        "references": citations.all_references(paper, html=True),
        # </ cannot end the <script> element: json_script-style escaping of <, > and &.
        "json_ld": json.dumps(json_ld(request, paper), ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026"),
    }
    return render(request, "papers/detail.html", context)


def export_response(request, fmt, papers, name):
    """`papers` in the export format `fmt` (a key of exports.EXPORT_FORMATS), as the file `name`.<extension>;
    `?abstract=1`/`0` as exports.export_options reads it."""
    export = EXPORT_FORMATS[fmt]
    try:
        options = export_options(request.GET)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = HttpResponse(export.render(papers, **options), content_type=f"{export.media_type}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.{export.extension}"'
    return response


def paper_export(request, pk, fmt):
    paper = _paper(pk)
    return export_response(request, fmt, [paper], f"paper-{paper.pk}")


def venue_list(request):
    """Venues with papers; `all=1` adds those known only from service or award lines."""
    show_all = request.GET.get("all") == "1"
    venues = Venue.objects.all() if show_all else Venue.objects.having_papers()
    venues = venues.with_paper_count().order_by("kind", "acronym")
    return render(request, "papers/venue_list.html", {"venues": venues, "show_all": show_all})


def venue_detail(request, slug):
    venue = get_object_or_404(Venue, slug=slug)
    # A page at a time: a large venue has tens of thousands of papers.
    page = Paginator(venue.papers.newest_first(), VENUE_PAGE_SIZE).get_page(request.GET.get("page"))
    papers = load_entries(page.object_list)
    per_year = dict(venue.papers.order_by().values_list("year").annotate(n=Count("id")))
    by_year = [(year, per_year[year], list(items)) for year, items in groupby(papers, key=lambda p: p.year)]
    awards = venue.awards.select_related("paper", "organization").prefetch_related("recipients")
    context = {"venue": venue, "page": page, "papers": papers, "by_year": by_year, "awards": awards}
    return render(request, "papers/venue_detail.html", context)


def award_list(request):
    """Every award, by year and then by kind."""
    awards = Award.objects.select_related("venue", "organization", "paper").prefetch_related("recipients")
    awards = awards.order_by(F("year").desc(nulls_last=True), "kind", "name", "id")
    by_year = [
        (year, [(Award.Kind(kind).label, list(group)) for kind, group in groupby(items, key=lambda a: a.kind)])
        for year, items in groupby(awards, key=lambda a: a.year)
    ]
    return render(request, "papers/award_list.html", {"by_year": by_year})
