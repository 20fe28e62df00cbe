import re

from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control

from pubdb.i18n import LANGUAGE_CODES
from researchers.models import OldSlug

# In every language: /researchers/<slug>/ and /zh-hans/researchers/<slug>/ (the kept profile's URL is reversed
# in the request's language).
PROFILE_PATH = re.compile(
    rf"^(?:/(?:{'|'.join(map(re.escape, LANGUAGE_CODES))}))?/researchers/(?P<slug>[-\w]+)/(?P<rest>.*)$"
)


def OldSlugRedirectMiddleware(get_response):
    """A 404 under /researchers/<slug>/ for a merged-away slug becomes a 301 to the kept profile.

    Only 404s cost a query; live profiles are untouched (like django.contrib.redirects' fallback,
    without tying feeds and sitemaps to the sites framework's fixed domain).
    """

    def middleware(request):
        response = get_response(request)
        match = PROFILE_PATH.match(request.path_info) if response.status_code == 404 else None
        if match:
            old = OldSlug.objects.select_related("researcher").filter(slug=match["slug"]).first()
            if old:
                target = old.researcher.get_absolute_url() + match["rest"]
                query = request.META.get("QUERY_STRING", "")
                redirect = HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
                # A merge can be undone: without this, browsers keep a 301 for good and never see the
                # restored profile. Search engines still take it as a permanent move.
                patch_cache_control(redirect, no_cache=True)
                return redirect
        return response

    return middleware
