from django.http import HttpResponse
from django.urls import path

from pubdb.urls import urlpatterns as site_patterns


def trivial(request):
    """The framework's ceiling: routing, middleware and a response, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


# The site's patterns spliced in, not included: Django refuses i18n_patterns (the /zh-hans/ pages) in an include.
urlpatterns = [path("bench/trivial/", trivial), *site_patterns]
