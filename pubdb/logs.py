"""What the operator sees: JSON lines on stderr, one per request and one per event, each with its request id.

A log collector (journald, Docker, Loki, CloudWatch) reads stderr line by line: every record here is one line of
JSON, a traceback included (as the "traceback" field of its one event). RequestLogMiddleware gives each request an
id (the proxy's X-Request-ID when it sends a sane one, else a fresh one), echoes it in the response and writes one
line per request: method, path, status, duration in ms and, for the pages the page cache keeps, "cache": "hit" or
"miss". Every record logged while the request runs carries the same id, so the line of a 500 and its traceback
are found together. PUBDB_LOG_LEVEL sets the level (default INFO).

Nothing here imports Django: settings and gunicorn's config (deploy/gunicorn.conf.py) import this module.
"""

import contextvars
import json
import logging
import re
import time
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it is short and plain: anything else could forge or break log lines.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("pubdb_request_id", default="")
# Attributes every LogRecord has; anything else on a record came from `extra=` and goes into the line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        event = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or _request_id.get()
        if request_id:
            event["request_id"] = request_id
        event.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            event["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            event["traceback"] = self.formatStack(record.stack_info)
        return json.dumps(event, default=str, ensure_ascii=False)


JsonFormatter.converter = time.gmtime  # the "Z" in the timestamps


LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def config(level):
    """The LOGGING setting: everything (Django's loggers, pubdb's, the libraries') as JSON lines on stderr."""
    if level not in LEVELS:
        # Said here, at start-up: dictConfig's own error names neither the variable nor the choices.
        raise ValueError(f"PUBDB_LOG_LEVEL must be one of {', '.join(LEVELS)}, not {level!r}")
    logging.captureWarnings(True)  # Python's warnings too (logger py.warnings), not as bare lines on stderr
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # Replace Django's defaults (console only with DEBUG on, mail to ADMINS): with DEBUG off nothing was logged.
            "django": {"handlers": [], "level": level, "propagate": True},
            # Its 4xx warnings repeat the request line; its 5xx errors carry the traceback and stay.
            "django.request": {"level": "ERROR"},
            # runserver's own access log: the request line replaces it.
            "django.server": {"handlers": [], "propagate": False},
        },
    }


def request_id(request):
    """The id of this request: the one the proxy sent if it is sane, else a new one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    return incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


class RequestLogMiddleware:
    """Outermost middleware: one line per request, and the request id on every record logged while it runs."""

    logger = logging.getLogger("pubdb.request")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id(request)
        token = _request_id.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.id
            cached = {"cache": request.page_cache} if hasattr(request, "page_cache") else {}  # pubdb/pagecache.py
            self.logger.log(
                logging.ERROR if response.status_code >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                request.get_full_path(),
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.get_full_path(),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    **cached,
                },
            )
            return response
        finally:
            _request_id.reset(token)


def init_sentry(dsn, environment, release=""):
    """Error reports to Sentry (or a compatible service); only called when SENTRY_DSN is set."""
    import sentry_sdk  # here, not at the top: without a DSN the SDK is never imported
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,  # no cookies, user names or addresses leave the site
        traces_sample_rate=0.0,  # errors only, no performance tracing
    )
