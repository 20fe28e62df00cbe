"""Error pages: the friendly 404 and 500; 503 (JSON under /api/, HTML elsewhere) while the database is away."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = "30"


def wants_json(request):
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    """handler500: Django calls it inside its except block, so sys.exception() is what went wrong."""
    if not isinstance(sys.exception(), OperationalError | InterfaceError):
        if wants_json(request):
            return JsonResponse({"detail": "Internal server error."}, status=500)
        # No database access here: the error may be the database.
        return render(request, "500.html", status=500)
    if wants_json(request):
        response = JsonResponse({"detail": "The database is unavailable; try again shortly."}, status=503)
    else:
        # Rendered without the request: context processors could need the database that has just gone away.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response
