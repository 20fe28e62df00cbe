"""gunicorn settings for pubdb; every value can be overridden with GUNICORN_CMD_ARGS or the command line."""

import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for pubdb.logs below

bind = os.environ.get("PUBDB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("PUBDB_THREADS", "1"))
timeout = 30
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then so a slow leak cannot grow forever
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No access log: the app writes one JSON line per request with its id and duration (pubdb/logs.py).
accesslog = None
# gunicorn's own events (worker boots, timeouts, crashes) as the same JSON lines on stderr.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pubdb.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},  # replaces gunicorn's default, which names its own handler
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}


def post_worker_init(worker):
    """Warm each new worker before it takes requests (pubdb/warmup.py): max_requests starts new ones all the time,
    and a cold worker's first pages were the tail of the latency under load."""
    import time

    from pubdb.warmup import warm_up  # the app is loaded by now (a worker's own import, not the arbiter's)

    started = time.perf_counter()
    try:
        templates = warm_up()
    except Exception:  # a worker that could not warm up (the database down, say) still serves, cold
        worker.log.warning("warm-up failed; this worker starts cold", exc_info=True)
    else:
        worker.log.info("worker warmed up: %d templates, %.0f ms", templates, (time.perf_counter() - started) * 1000)
