from csp.decorators import csp_replace
from django.core.paginator import Paginator
from django.db.models.functions import Substr, Upper
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt

from curation.permissions import may_edit_profile
from front import citation_counts, profile
from front.views.papers import export_response
from papers.models import Paper
from papers.search import clean_query, search_researchers
from researchers.filters import ResearcherFilter
from researchers.models import Organization, Researcher

DIRECTORY_PAGE_SIZE = 60


DIRECTORY_ORDER = ("sort_key", "slug")  # family name first (researchers/sorting.py), served by its index


def researcher_list(request):
    """Everyone by family name, with an A-Z jump (`letter`) and a filter for the curated profiles."""
    q = clean_query(request.GET.get("q"))
    # The API's filters (researchers/filters.py); an invalid one is named on the page and ignored.
    # People only: an organisation that authors papers ("Ling Team") has a page but no place in the directory.
    filters = ResearcherFilter(request.GET, queryset=Researcher.objects.people().order_by(*DIRECTORY_ORDER))
    people = filters.qs
    letter = request.GET.get("letter", "")[:1].lower()
    curated = request.GET.get("curated") == "1"
    letters = Researcher.objects.people().values_list(Upper(Substr("sort_key", 1, 1)), flat=True).distinct().order_by()
    if q:
        people = search_researchers(people, q)
    if letter.isalpha():
        people = people.filter(sort_key__startswith=letter)
    if curated:
        people = people.curated()
    page = Paginator(people.values_list("pk", flat=True), DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    # Papers counted for the page's people only, not also for everyone an OFFSET skips on the way to it.
    page.object_list = (
        Researcher.objects.filter(pk__in=page.object_list).with_paper_total().with_curated().order_by(*DIRECTORY_ORDER)
    )
    chosen = filters.active
    organization = Organization.objects.filter(pk=chosen["organization"]).first() if "organization" in chosen else None
    context = {
        "page": page,
        "q": q,
        "form": filters.form,
        "filters": chosen,
        "organization": organization,
        "letter": letter.upper(),
        "letters": sorted(letters),
        "curated": curated,
    }
    return render(request, "researchers/list.html", context)


def researcher_detail(request, slug):
    order = request.GET.get("order", "")
    researcher, papers = profile.load_profile(slug, request.GET, order=order)
    page, selected, groups = profile.load_page(papers, request.GET.get("page"))
    coauthors, coauthor_total = profile.coauthors(researcher)
    context = {
        "entries": [*selected, *(entry for group in groups for entry in group.papers)],
        "researcher": researcher,
        "paper_total": papers.total,
        "shown_total": papers.shown,
        "form": papers.filters.form,
        "filters": papers.filters.active,
        "order": order,
        "ordered": papers.ordered,  # the owner set an order: offered as a choice
        "page": page,
        "groups": groups,
        "selected": selected,
        "topics": [pt.topic for pt in researcher.profile_topics.all()],
        "metrics": profile.metrics(researcher, papers),
        "coauthors": coauthors,
        "coauthor_total": coauthor_total,
        "honours": profile.honours(researcher),
        "homonyms": profile.homonyms(researcher),
        "advisors": profile.advisors(researcher),
        "chart": profile.year_chart(papers),
        "can_edit": may_edit_profile(request.user, researcher),  # no query for a visitor (the cached page)
        "citation_chart": citation_counts.profile_citation_chart(researcher),
        "counted_by": profile.counted_by(papers),
    }
    return render(request, "researchers/detail.html", context)


def _embed_context(request, slug):
    researcher, papers = profile.load_profile(slug, request.GET, order=request.GET.get("order", ""))
    groups = profile.load_all(papers)
    return {
        "researcher": researcher,
        "groups": groups,
        "shown": [entry for group in groups for entry in group.papers],
        "base": request.build_absolute_uri("/")[:-1],
    }


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})  # the one page any site may frame; every other keeps 'none'
def researcher_embed(request, slug):
    """A page of its own for an <iframe> on a lab or personal homepage; always current."""
    return render(request, "researchers/embed.html", _embed_context(request, slug))


def researcher_fragment(request, slug):
    """The same list as a script-free HTML fragment with absolute links, for server-side includes or fetch()."""
    return render(request, "researchers/fragment.html", _embed_context(request, slug))


def researcher_export(request, slug, fmt):
    """All of a researcher's papers as BibTeX, RIS or CSL-JSON; `?order=profile` in the owner's order."""
    researcher = get_object_or_404(Researcher, slug=slug)
    papers = Paper.objects.for_profile(researcher, owners_order=request.GET.get("order") == "profile")
    return export_response(request, fmt, papers, researcher.slug)
