"""/healthz for the load balancer: 200 when the primary database answers and every migration is applied.

The shared cache is reported but does not fail the check: without it the site runs uncached ("degraded", 200).
"""

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from pubdb import cache


@never_cache
def healthz(request):
    checks = {}
    try:
        connection = connections["default"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else f"{len(pending)} unapplied"
    except DatabaseError as exc:
        checks["database"] = f"unreachable: {exc.__class__.__name__}"
    healthy = checks == {"database": "ok", "migrations": "ok"}
    checks["cache"] = "ok" if cache.reachable() else "unreachable: serving uncached"
    status = "unavailable" if not healthy else "ok" if checks["cache"] == "ok" else "degraded"
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)
