"""An organization's public pages: its people now and past, their papers by year, awards, a feed and an embed."""

from itertools import groupby

from csp.decorators import csp_replace
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt

from front.listing import load_entries
from papers.models import Award, Paper
from researchers.models import Organization, Researcher

PAGE_SIZE = 100
MEMBERS_SHOWN = 100  # a university can have thousands; the directory lists them all


def organization_list(request):
    """The organizations someone works or worked at, with their member counts."""
    organizations = Organization.objects.with_people().annotate(people=Count("positions__researcher", distinct=True))
    return render(request, "organizations/list.html", {"organizations": organizations.order_by("name")})


def _members(pks, current):
    people = Researcher.objects.members_of(pks, current=current).order_by("sort_key", "slug")
    return people.count(), list(people.select_related("affiliation")[:MEMBERS_SHOWN])


def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.select_related("parent"), slug=slug)
    pks = organization.with_units()
    papers = Paper.objects.by_organization(pks)
    page = Paginator(papers.newest_first(), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = load_entries(page.object_list)
    per_year = dict(papers.order_by().values_list("year").annotate(n=Count("id")))
    current_total, current = _members(pks, current=True)
    past_total, past = _members(pks, current=False)
    context = {
        "organization": organization,
        "units": organization.units.order_by("name"),
        "current": current,
        "current_total": current_total,
        "past": past,
        "past_total": past_total,
        "coauthor_total": Researcher.objects.coauthors_outside(pks).count(),
        "awards": Award.objects.for_organization(pks).select_related("venue", "organization", "paper"),
        "page": page,
        "entries": entries,
        "by_year": [(year, per_year[year], list(items)) for year, items in groupby(entries, key=lambda p: p.year)],
    }
    return render(request, "organizations/detail.html", context)


def _embed_context(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    papers = Paper.objects.by_organization(organization.with_units()).newest_first()
    entries = load_entries(papers[:PAGE_SIZE])
    return {
        "organization": organization,
        "by_year": [(year, list(items)) for year, items in groupby(entries, key=lambda p: p.year)],
        "shown": entries,
        "base": request.build_absolute_uri("/")[:-1],
    }


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})  # framed by the lab's own site, as a researcher's embed is
def organization_embed(request, slug):
    """The newest papers of the organization's people, for an <iframe> on the lab's homepage."""
    return render(request, "organizations/embed.html", _embed_context(request, slug))


def organization_fragment(request, slug):
    """The same list as a script-free HTML fragment with absolute links."""
    return render(request, "organizations/fragment.html", _embed_context(request, slug))
