"""Site-wide pages: home, search, robots.txt and the language switch."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from front.listing import load_entries
from papers.models import Award, Paper, Venue
from papers.search import SEARCH_CANDIDATES, about_total, clean_query, search_papers, search_researchers, search_venues
from pubdb.i18n import LANGUAGE_CODES, path_in
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
        "Disallow: /zh-hans/search/",
        "Disallow: /language/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def switch_language(request, code):
    """The switch's links: the page `next` in language `code`, remembered in the language cookie so that an
    English choice is not redirected back by Accept-Language (pubdb/i18n.py). A plain link, not a POST to
    Django's set_language: a form would need a CSRF token, and a page with one is never cached."""
    if code not in LANGUAGE_CODES:
        raise Http404("No such language.")
    path = request.GET.get("next", "")
    if not path.startswith("/") or not url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}):
        path = "/"
    response = HttpResponseRedirect(path_in(code, path))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    add_never_cache_headers(response)
    return response
