"""URLs of the test servers: the project's, plus organization names (cached and not) and a write."""

import json

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from pubdb.cache import cached
from pubdb.urls import handler500  # noqa: F401  (Django looks it up in ROOT_URLCONF)
from pubdb.urls import urlpatterns as project_urls
from researchers.models import Organization


@csrf_exempt
def organizations(request):
    if request.method == "POST":
        Organization.objects.create(name=json.loads(request.body)["name"])
        return JsonResponse({}, status=201)
    return JsonResponse(
        {"names": cached(["probe-organizations"], lambda: list(Organization.objects.values_list("name", flat=True)))}
    )


def organizations_uncached(request):
    return JsonResponse({"names": list(Organization.objects.values_list("name", flat=True))})


def boom(request):
    raise RuntimeError("a bug, not an outage")


urlpatterns = [
    path("probe/boom/", boom),
    *project_urls,
    path("probe/organizations/", organizations),
    path("probe/organizations/uncached/", organizations_uncached),
]
