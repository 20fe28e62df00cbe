from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt

from front import profile
from papers.exports import to_bibtex, to_csl_json, to_ris
from papers.models import Paper
from papers.search import clean_query, search_researchers
from researchers.models import Researcher

DIRECTORY_PAGE_SIZE = 60


def researcher_list(request):
    q = clean_query(request.GET.get("q"))
    people = Researcher.objects.order_by("name", "slug")
    if q:
        people = search_researchers(people, q)
    page = Paginator(people.values_list("pk", flat=True), DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    # Papers counted for the page's people only, not also for everyone an OFFSET skips on the way to it.
    page.object_list = Researcher.objects.filter(pk__in=page.object_list).with_paper_total().order_by("name", "slug")
    return render(request, "researchers/list.html", {"page": page, "q": q})


def researcher_detail(request, slug):
    researcher, papers = profile.load_profile(slug)
    form = profile.PaperFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    shown = profile.filter_papers(papers, filters)
    page, groups = profile.paginate_groups(profile.group_papers(researcher, shown), request.GET.get("page"))
    # Selected papers head the first page (unless the list is already narrowed to them).
    selected = [p for p in shown if p.selected] if page.number == 1 and not filters.get("selected") else []
    profile.fill_entries(groups, selected)
    coauthors, coauthor_total = profile.coauthors(researcher)
    context = {
        "entries": [*selected, *(entry for group in groups for entry in group.papers)],
        "researcher": researcher,
        "papers": papers,
        "form": form,
        "filters": filters,
        "page": page,
        "groups": groups,
        "selected": selected,
        "shown": shown,
        "topics": [pt.topic for pt in researcher.profile_topics.all()],
        "metrics": profile.metrics(researcher, papers),
        "coauthors": coauthors,
        "coauthor_total": coauthor_total,
        "honours": profile.honours(researcher),
        "homonyms": profile.homonyms(researcher),
        "advisors": profile.advisors(researcher),
        "chart": profile.year_chart(papers),
    }
    return render(request, "researchers/detail.html", context)


def _embed_context(request, slug):
    researcher, papers = profile.load_profile(slug)
    form = profile.PaperFilterForm(request.GET or None)
    shown = profile.filter_papers(papers, form.filters() if request.GET else {})
    groups = profile.group_papers(researcher, shown)
    profile.fill_entries(groups)
    return {
        "researcher": researcher,
        "groups": groups,
        "shown": [entry for group in groups for entry in group.papers],
        "form": form,
        "base": request.build_absolute_uri("/")[:-1],
    }


@xframe_options_exempt
def researcher_embed(request, slug):
    """A self-contained page for an <iframe> on a lab or personal homepage; always current."""
    return render(request, "researchers/embed.html", _embed_context(request, slug))


def researcher_fragment(request, slug):
    """The same list as a script-free HTML fragment with absolute links, for server-side includes or fetch()."""
    response = render(request, "researchers/fragment.html", _embed_context(request, slug))
    response["Access-Control-Allow-Origin"] = "*"
    return response


EXPORTS = {
    "bib": (to_bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (to_ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (to_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}


def researcher_export(request, slug, fmt):
    """All of a researcher's papers as BibTeX, RIS or CSL-JSON."""
    researcher = get_object_or_404(Researcher, slug=slug)
    render_papers, content_type = EXPORTS[fmt]
    response = HttpResponse(render_papers(Paper.objects.for_profile(researcher)), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{researcher.slug}.{fmt}"'
    return response
