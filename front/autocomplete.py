"""Name autocomplete: JSON for a search box that suggests people while a name is typed."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from papers.search import autocomplete_researchers, clean_query
from researchers.models import Researcher


@require_GET
def researcher_autocomplete(request):
    """Up to ten people by name, native name or alias; trigram-tolerant of typos on PostgreSQL. 2 queries."""
    text = clean_query(request.GET.get("q"))
    if not text:
        return JsonResponse({"q": ["Type part of a name."]}, status=400)
    people = autocomplete_researchers(Researcher.objects.only("name", "native_name", "slug"), text)
    results = [
        {"name": p.name, "native_name": p.native_name, "slug": p.slug, "url": p.get_absolute_url()} for p in people
    ]
    return JsonResponse({"results": results})
