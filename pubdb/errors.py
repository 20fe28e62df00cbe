"""Server errors without tracebacks: 503 (JSON under /api/, HTML elsewhere) while the database is unreachable."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from pubdb import views

RETRY_AFTER_SECONDS = "30"


def wants_json(request):
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def server_error(request):
    """handler500: Django calls it inside its except block, so sys.exception() is what went wrong."""
    if not isinstance(sys.exception(), OperationalError | InterfaceError):
        if wants_json(request):
            return JsonResponse({"detail": "Internal server error."}, status=500)
        return views.server_error(request)
    if wants_json(request):
        response = JsonResponse({"detail": "The database is unavailable; try again shortly."}, status=503)
    else:
        # Rendered without the request: context processors could need the database that has just gone away.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response
