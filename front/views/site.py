"""Site-wide pages: home, search and robots.txt."""

from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from front.listing import load_entries
from papers.models import Award, Paper, Venue
from papers.search import SEARCH_CANDIDATES, about_total, clean_query, search_papers, search_researchers, search_venues
from researchers.models import Researcher

SEARCH_PAGE_SIZE = 20
SEARCH_SIDE_LIMIT = 30


def home(request):
    context = {
        "counts": {
            "researchers": Researcher.objects.count(),
            "papers": Paper.objects.count(),
            "venues": Venue.objects.having_papers().count(),
            "awards": Award.objects.count(),
        },
        "recent_papers": load_entries(Paper.objects.newest_first().exclude(year=None)[:8]),
        "recent_awards": Award.objects.select_related("venue", "organization", "paper").order_by(
            F("year").desc(nulls_last=True), "-id"
        )[:8],
        "profiles": Researcher.objects.most_papers(8),
    }
    return render(request, "home.html", context)


def search(request):
    """Researchers (names, native names, aliases), papers (title, abstract, authors) and venues for one query.

    People show their headline (else affiliation) and years active, which tell homonyms apart.
    """
    q = clean_query(request.GET.get("q"))
    context = {"q": q}
    if q:
        # The best SEARCH_CANDIDATES only: ranking every match of a common term was the page's cost.
        papers = search_papers(Paper.objects.all(), q, top=SEARCH_CANDIDATES)
        # One row past the limit tells whether to offer "more people".
        people = search_researchers(Researcher.objects.select_related("affiliation").with_years_active(), q)
        researchers = list(people[: SEARCH_SIDE_LIMIT + 1])
        page = Paginator(papers, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            about=about_total(Paper.objects.all(), q, page.paginator.count),
            entries=load_entries(page.object_list),
            researchers=researchers[:SEARCH_SIDE_LIMIT],
            more_researchers=len(researchers) > SEARCH_SIDE_LIMIT,
            venues=search_venues(Venue.objects.all(), q)[:SEARCH_SIDE_LIMIT],
        )
    return render(request, "search.html", context)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
