"""Request-level part of the primary/replica set-up (see pubdb/routers.py)."""

from django.conf import settings
from django.db import connections

from pubdb import routers

STICKY_COOKIE = "pubdb_primary"


class ReadYourWritesMiddleware:
    """Unsafe requests and browsers that wrote a moment ago read from the primary; failed replica reads retry there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in ("GET", "HEAD", "OPTIONS")
        routers.start_request(pinned=not safe or STICKY_COOKIE in request.COOKIES)
        response = self.get_response(request)
        if getattr(request, "_pubdb_replica_failed", False) and safe:
            routers.pin_to_primary()
            response = self.get_response(request)
        if routers.wrote() and routers.replica_aliases():
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.PUBDB_READ_YOUR_WRITES_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        routers.start_request(pinned=False)
        return response

    def process_exception(self, request, exception):
        failed = [alias for alias in routers.replica_aliases() if connections[alias].errors_occurred]
        for alias in failed:
            routers.mark_down(alias)
        request._pubdb_replica_failed = bool(failed)
