from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """The framework's ceiling: routing, middleware and a response, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), path("", include("pubdb.urls"))]
