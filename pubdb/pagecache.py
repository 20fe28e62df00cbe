"""Whole-response caching of the public pages and the API's GET endpoints, with ETag revalidation.

Entries are read with pubdb.cache.lookup() in the page's scope (pubdb/scopes.py: a profile's pages under their
researcher, a paper's under the paper, every other page under "lists"), so a committed write drops, on
every app server, the pages it may have changed and no others. The ETag is derived from those versions and the
request's key (URL with query string, host, Accept, the page's language), not from the body: a client's
If-None-Match is answered 304 before any view, template or SQL runs, even when the entry itself has been
evicted. Last-Modified is when the entry was rendered.

Only anonymous GETs are cached: a request carrying a session or messages cookie or an Authorization header
passes through, and so does any response that sets a cookie, uses a CSRF token or is not a plain 200.
A page served from here skips the API's anonymous throttling: it costs about as much as a 404.
While the cache cannot be reached, pages are served as if it were off.
PUBDB_PAGE_CACHE=0 turns it off.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from pubdb.cache import lookup, may_cache, store, versioned_key
from pubdb.scopes import page_scope

PRIVATE_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
VARY = ("Accept", "Cookie", "Authorization")


def _request_key(request):
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META or PRIVATE_COOKIES & request.COOKIES.keys():
        return None
    return hashlib.sha256(
        # The language is the URL's (pubdb/i18n.py), activated before this runs: named too, so that no change
        # in how a language is chosen can serve one language's page to the other's readers.
        "\n".join([request.build_absolute_uri(), request.META.get("HTTP_ACCEPT", ""), get_language()]).encode()
    ).hexdigest()


def _cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "ETag" not in response
    )


def _revalidating(response, etag, last_modified):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_vary_headers(response, VARY)
    patch_cache_control(response, no_cache=True)  # clients may keep it but ask again: the 304 is cheap
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _request_key(request) if settings.PUBDB_PAGE_CACHE else None
        scope = page_scope(request) if key else None
        if scope is None:
            return self.get_response(request)
        # One round trip: both versions and the entry stored beside the versioned key (pubdb/cache.py lookup()).
        entry_key, entry = lookup(("page", key), scope=scope)  # the key holds the versions: so does the ETag
        if entry_key is None:  # the cache is unreachable: served uncached, without an ETag
            return self.get_response(request)
        etag = f'"{hashlib.sha256(entry_key.encode()).hexdigest()[:32]}"'
        if entry is not None:
            request.page_cache = "hit"  # the request's log line says so (pubdb/logs.py)
            content, headers, rendered_at = entry
            response = _revalidating(HttpResponse(content, headers=headers), etag, rendered_at)
            return get_conditional_response(request, etag=etag, last_modified=rendered_at, response=response)
        if request.META.get("HTTP_IF_NONE_MATCH"):
            # Only this middleware makes such ETags: a match means the client holds this version's page.
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                request.page_cache = "hit"
                return _revalidating(not_modified, etag, None)
        request.page_cache = "miss"
        response = self.get_response(request)
        if not _cacheable_response(request, response):
            return response
        rendered_at = int(time.time())
        # A write during the render would leave it stale: its bump moved the key.
        if may_cache() and versioned_key("page", key, scope=scope) == entry_key:
            headers = {name: value for name, value in response.items() if name.lower() not in ("vary", "cache-control")}
            store(("page", key), entry_key, (response.content, headers, rendered_at))
        return _revalidating(response, etag, rendered_at)
