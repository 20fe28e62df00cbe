import json
from itertools import groupby

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from front import citations
from front.listing import load_entries
from papers.exports import author_names, to_bibtex, to_csl_json, to_ris
from papers.models import Award, Paper, Topic, Venue

PAGE_SIZE = 25
VENUE_PAGE_SIZE = 100


class PaperFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    venue = forms.SlugField(required=False)
    topic = forms.SlugField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Paper.Status.choices])
    awarded = forms.BooleanField(required=False, label="Awarded only")

    def apply(self, papers):
        """Narrow by the valid fields; an invalid one is reported by the form and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("year"):
            papers = papers.filter(year=data["year"])
        if data.get("venue"):
            papers = papers.filter(venue__slug=data["venue"])
        if data.get("topic"):
            papers = papers.filter(topics__slug=data["topic"])
        if data.get("status"):
            papers = papers.filter(status=data["status"])
        if data.get("awarded"):
            papers = papers.awarded()
        return papers


def paper_list(request):
    form = PaperFilterForm(request.GET)
    papers = form.apply(Paper.objects.newest_first())
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "entries": load_entries(page.object_list),
        "years": Paper.objects.years(),
        "venues": Venue.objects.having_papers().order_by("acronym"),
        "topics": Topic.objects.having_papers().order_by("name"),
    }
    return render(request, "papers/list.html", context)


def _paper(pk):
    return get_object_or_404(Paper.objects.with_listing(), pk=pk)


def paper_detail(request, pk):
    paper = _paper(pk)
    json_ld = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "name": paper.title,
        "url": request.build_absolute_uri(paper.get_absolute_url()),
        "author": [
            {
                "@type": "Person",
                "name": a.display_name,
                "url": request.build_absolute_uri(a.researcher.get_absolute_url()),
            }
            for a in paper.authorships.all()
        ],
        **({"datePublished": str(paper.year)} if paper.year else {}),
        **({"abstract": paper.abstract} if paper.abstract else {}),
        **(
            {"isPartOf": {"@type": "Periodical", "name": paper.venue.name or paper.venue.acronym}}
            if paper.venue
            else {}
        ),
        **({"sameAs": f"https://doi.org/{paper.doi}"} if paper.doi else {}),
    }
    context = {
        "paper": paper,
        "pdf_url": next((link.url for link in paper.links.all() if link.kind == "pdf"), ""),
        "citation_authors": author_names(paper),
        "bibtex": to_bibtex([paper]),
        "references": citations.all_references(paper, html=True),
        # </ cannot end the <script> element: json_script-style escaping of <, > and &.
        "json_ld": json.dumps(json_ld, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026"),
    }
    return render(request, "papers/detail.html", context)


EXPORTS = {
    "bib": (to_bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (to_ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (to_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}


def paper_export(request, pk, fmt):
    paper = _paper(pk)
    render_papers, content_type = EXPORTS[fmt]
    response = HttpResponse(render_papers([paper]), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="paper-{paper.pk}.{fmt}"'
    return response


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
