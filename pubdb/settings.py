"""Settings for pubdb, read from the environment (see README "Configuration").

SQLite in the project folder is the default so a fresh checkout runs straight
away; DATABASE_URL=postgres://... switches to PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from django.core.exceptions import ImproperlyConfigured

from pubdb import logs

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for development, run with DJANGO_DEBUG=1 as the Makefile does)."
        )
    # Development only: with DEBUG off the settings refuse to start without DJANGO_SECRET_KEY (above).
    SECRET_KEY = "pubdb-development-only-not-secret"  # nosec B105

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "corsheaders",
    "pubdb",
    "researchers",
    "papers",
    "front",
    "curation",
    "api",
    "benchmarks",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Accounts for researchers who maintain their own profile (front/owner/): sign-up with e-mail verification,
    # rate limits, and ORCID sign-in, whose URLs come from the settings below (pubdb/orcid/).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.orcid",
]

MIDDLEWARE = [
    "pubdb.logs.RequestLogMiddleware",  # outermost: every answer, redirects and cached pages too, gets its line
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # outside the page cache, so cached answers get the headers too
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pubdb.middleware.ReadYourWritesMiddleware",
    # Before the page cache, so a cached page is looked up under its language (pubdb/i18n.py).
    "pubdb.i18n.LanguageMiddleware",
    "pubdb.pagecache.PageCacheMiddleware",  # anonymous GETs of public pages and the API, see pubdb/pagecache.py
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A merged researcher's old /researchers/<slug>/... answers 301 to the kept profile (curation/merging.py).
    "front.middleware.OldSlugRedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns its lock-out into lockout_response
]


ROOT_URLCONF = "pubdb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # Only the hot partials of long paper lists (front/listing.py): compiled, they render ~20x faster.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "OPTIONS": {"environment": "pubdb.jinja2.environment"},  # Django's gettext in the partials
    },
]

WSGI_APPLICATION = "pubdb.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# Read replicas (streaming replicas of the primary): reads are spread over them, writes go to "default";
# see pubdb/routers.py. In tests each is a TEST MIRROR: Django neither creates nor flushes a database on it
# but connects to the test database by name, which streaming replication has copied from the primary.
PUBDB_READ_REPLICAS = [f"replica{number}" for number, _ in enumerate(envlist("DATABASE_REPLICA_URLS"), start=1)]
for alias, url in zip(PUBDB_READ_REPLICAS, envlist("DATABASE_REPLICA_URLS"), strict=True):
    DATABASES[alias] = {
        **dj_database_url.parse(url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True),
        "TEST": {"MIRROR": "default"},
    }
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A dead host fails fast: health checks and replica fall-back must not hang a worker.
        database.setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
        )
DATABASE_ROUTERS = ["pubdb.routers.PrimaryReplicaRouter"]
PUBDB_READ_YOUR_WRITES_SECONDS = int(os.environ.get("PUBDB_READ_YOUR_WRITES_SECONDS", "10"))
PUBDB_PAGE_CACHE = envbool("PUBDB_PAGE_CACHE", True)
PUBDB_REPLICA_RETRY_SECONDS = int(os.environ.get("PUBDB_REPLICA_RETRY_SECONDS", "5"))

# One cache shared by every app server (Redis) when REDIS_URL is set; see pubdb/cache.py for invalidation.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis failing soft (pubdb/redis_cache.py): a call waits at most the socket timeouts, then the site runs uncached
# and tries Redis again every retry_seconds.
CACHES = {
    "default": {
        "BACKEND": "pubdb.redis_cache.FailSoftRedisCache"
        if REDIS_URL
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("PUBDB_CACHE_PREFIX", "pubdb"),
        "TIMEOUT": int(os.environ.get("PUBDB_CACHE_SECONDS", "600")),
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_seconds": 5} if REDIS_URL else {},
    },
    # Formatted references (front/citations.py), keyed on what citeproc formats: they never go stale, so the
    # page cache's clears and version bumps leave them alone; the timeout and size only bound the memory.
    "citations": {
        "BACKEND": "pubdb.redis_cache.FailSoftRedisCache"
        if REDIS_URL
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": REDIS_URL or "citations",
        "KEY_PREFIX": os.environ.get("PUBDB_CACHE_PREFIX", "pubdb") + ":citations",
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_seconds": 5}
        if REDIS_URL
        else {"MAX_ENTRIES": 20000},
    },
}
# Background jobs (curation/jobs/): the django-tasks backport of Django 6's Tasks framework. On PostgreSQL jobs
# go to the database queue that `manage.py db_worker` processes (run one or several); on the embedded SQLite
# default they run at once, inside the request or command, so `make run` needs no worker. PUBDB_TASKS_BACKEND
# (immediate | database) overrides the choice.
PUBDB_TASKS_BACKEND = os.environ.get(
    "PUBDB_TASKS_BACKEND",
    "database" if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else "immediate",
)
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[PUBDB_TASKS_BACKEND]
    }
}
# A running job whose progress has not moved for this long lost its worker (killed, machine restarted):
# `manage.py requeue_stale_jobs` (run before each worker starts) queues it again. Jobs write atomically, so a
# second run does not double anything.
PUBDB_JOB_STALE_SECONDS = int(os.environ.get("PUBDB_JOB_STALE_SECONDS", "600"))
# What the admin and the API fetch within one request; a person's works, or more identifiers, run as a job.
PUBDB_FETCH_IN_REQUEST_MAX_IDENTIFIERS = int(os.environ.get("PUBDB_FETCH_IN_REQUEST_MAX_IDENTIFIERS", "20"))

# JSON lines on stderr, one per request and per event, tracebacks of 5xx included (pubdb/logs.py).
LOGGING = logs.config(os.environ.get("PUBDB_LOG_LEVEL", "INFO").upper())
# Error reports to Sentry only when a DSN is given: otherwise the SDK is not even imported.
if os.environ.get("SENTRY_DSN"):
    logs.init_sentry(
        os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        release=os.environ.get("SENTRY_RELEASE", ""),
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The public site in English (unprefixed URLs) and Simplified Chinese (/zh-hans/...): see pubdb/i18n.py.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["pubdb.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the switch's choice outlasts the browser session
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REST API (/api/v1/): anonymous reads, writes with a token or session plus model permissions.
# PUBDB_API_ANON_RATE: e.g. "120/min"; empty turns anonymous throttling off.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageOrCursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonReadThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("PUBDB_API_ANON_RATE", "120/min") or None},
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.ApiContentNegotiation",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pubdb API",
    "DESCRIPTION": (
        "Researchers, papers, venues and awards. Anonymous clients read; writes need "
        "`Authorization: Token <key>` from a curator. Lists page with `page`/`page_size` "
        "or walk with `cursor` (start with `cursor=`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},  # no badge from validator.swagger.io
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PaperKindEnum": "papers.models.Paper.Kind",
        "PaperStatusEnum": "papers.models.Paper.Status",  # PaperDetail shares it: one name, not "Status529Enum"
        "VenueKindEnum": "papers.models.Venue.Kind",
        "AwardKindEnum": "papers.models.Award.Kind",
        "OrganizationKindEnum": "researchers.models.Organization.Kind",
        "PositionKindEnum": "researchers.models.Position.Kind",
        "LinkKindEnum": "researchers.models.LinkKind",
        "ReviewStatusEnum": "researchers.models.Claim.Status",  # the same choices as ChangeProposal.Status
    },
}
# Production hardening: every switch is on unless DJANGO_DEBUG is set, and each can be
# overridden from the environment (see deploy/README.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
LOGIN_REDIRECT_URL = "/admin/"  # where a login lands when its ?next= is missing or points off-site
# A URL name, reversed in the page's language: a Chinese page that needs a sign-in sends to the Chinese form.
LOGIN_URL = "account_login"
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

# ORCID sign-in (OAuth 2, /authenticate scope): the authorize and token endpoints (the record is read from
# PUBDB_ORCID_URL, the source's public API, below). See SOCIALACCOUNT_PROVIDERS.
PUBDB_ORCID_OAUTH_URL = os.environ.get("PUBDB_ORCID_OAUTH_URL", "https://orcid.org").rstrip("/")

# Content-Security-Policy (django-csp): no inline script or style anywhere, nothing from other origins.
# Except the API's Swagger UI and Redoc pages, whose stock templates initialise with an inline script and
# inject styles; they show only the OpenAPI schema, which comes from code, never from user input.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/docs/", "/api/redoc/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The ORCID button's POST is answered with a redirect to ORCID's authorize page.
        "form-action": ["'self'", PUBDB_ORCID_OAUTH_URL],
        "frame-ancestors": ["'none'"],
    },
}

# Cross-origin reads (django-cors-headers): a homepage on any site may fetch() the API and the exports,
# anonymously only. No credentials and no Authorization or CSRF header are allowed across origins, and a
# preflight offers only the read methods, so a write from another site is refused by the browser.
CORS_ALLOW_ALL_ORIGINS = True
# The pages' exports and fragments in either language (/zh-hans/..., pubdb/i18n.py).
CORS_URLS_REGEX = (
    r"^/(api/v1/|(zh-hans/)?(papers/\d+\.(bib|ris|json)$|researchers/[^/]+/(papers\.(bib|ris|json)|embed\.html)$))"
)
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [header for header in cors_default_headers if header not in ("authorization", "x-csrftoken")]

# Upload limits (researchers/validators.py, curation/importers/validation.py); the proxy in front should cap
# request bodies too (client_max_body_size). PUBDB_MAX_BIBTEX_BYTES holds for every import format and door.
PUBDB_MAX_PHOTO_BYTES = int(os.environ.get("PUBDB_MAX_PHOTO_BYTES", 5 * 1024 * 1024))
PUBDB_MAX_BIBTEX_BYTES = int(os.environ.get("PUBDB_MAX_BIBTEX_BYTES", 5 * 1024 * 1024))
# Authors of one paper, in every door (import, API): the longest real author lists (physics) are longer, but an
# entry of thousands of names is a broken export, and each new name is a new person.
PUBDB_MAX_AUTHORS_PER_PAPER = int(os.environ.get("PUBDB_MAX_AUTHORS_PER_PAPER", "500"))
# What the admin imports within one web request (gunicorn's 30 s timeout): more goes to `manage.py import_bibtex`.
# Measured: 300 new entries of 5 mostly new authors took 34 s on PostgreSQL on a busy 2-CPU machine.
PUBDB_ADMIN_IMPORT_MAX_ENTRIES = int(os.environ.get("PUBDB_ADMIN_IMPORT_MAX_ENTRIES", "100"))
PUBDB_ADMIN_IMPORT_MAX_AUTHORS = int(os.environ.get("PUBDB_ADMIN_IMPORT_MAX_AUTHORS", "1000"))

# Login limit (django-axes, see pubdb/ratelimit.py): PUBDB_LOGIN_ATTEMPTS failures from one address for one
# user name lock that pair for PUBDB_LOGIN_WINDOW_SECONDS. Set PUBDB_TRUSTED_PROXIES to the number of proxies
# that append to X-Forwarded-For in front of the app, or every client shares the proxy's address
# (in the API throttle too).
PUBDB_LOGIN_ATTEMPTS = int(os.environ.get("PUBDB_LOGIN_ATTEMPTS", "5"))
PUBDB_LOGIN_WINDOW_SECONDS = int(os.environ.get("PUBDB_LOGIN_WINDOW_SECONDS", "900"))
PUBDB_TRUSTED_PROXIES = int(os.environ.get("PUBDB_TRUSTED_PROXIES", "0"))
AUTHENTICATION_BACKENDS = [
    "pubdb.ratelimit.LoginLimitBackend",  # first: refuses a locked pair before any password is checked
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",  # the site's sign-in by e-mail address
]
AXES_FAILURE_LIMIT = PUBDB_LOGIN_ATTEMPTS
AXES_COOLOFF_TIME = timedelta(seconds=PUBDB_LOGIN_WINDOW_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]  # the pair: see pubdb/ratelimit.py for why
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time a locked client is told is the time it waits
AXES_CLIENT_IP_CALLABLE = "pubdb.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "pubdb.ratelimit.lockout_response"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # not the cache: the limit holds while Redis is down
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "pubdb.ratelimit.login_name"  # the admin's "username" or the site's e-mail "login"

# Researchers' accounts (django-allauth): sign-in by e-mail address, verified before the first sign-in.
# allauth's rate limits (in the cache) hold sign-up, sign-in and e-mail; claim_profile and propose_change are
# pubdb's own actions, counted by the same machinery (front/owner/).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "front.owner.accounts.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "signup": os.environ.get("PUBDB_SIGNUP_RATE", "20/m/ip"),
    "claim_profile": os.environ.get("PUBDB_CLAIM_RATE", "10/h/user"),
    "propose_change": os.environ.get("PUBDB_PROPOSAL_RATE", "30/h/user"),
}
SOCIALACCOUNT_ADAPTER = "front.owner.accounts.SocialAccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = False  # the ORCID button posts (CSRF), a link cannot start a sign-in
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # an ORCID record's e-mail address does not sign into an account
# ORCID sign-in through allauth, at PUBDB_ORCID_OAUTH_URL (above). No client id: no ORCID button.
SOCIALACCOUNT_PROVIDERS = {
    "orcid": {
        "provider_class": "pubdb.orcid.provider.OrcidProvider",
        "APPS": [
            {
                "client_id": os.environ.get("PUBDB_ORCID_CLIENT_ID", ""),
                "secret": os.environ.get("PUBDB_ORCID_CLIENT_SECRET", ""),
            }
        ]
        if os.environ.get("PUBDB_ORCID_CLIENT_ID")
        else [],
    }
}
# Mail (account verification, claims, the answers to change proposals): the console in development.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "pubdb <noreply@localhost>")

# External bibliographic sources (curation/sources/): each base URL can point at a proxy, staging or a test server.
PUBDB_SOURCE_URLS = {
    "crossref": os.environ.get("PUBDB_CROSSREF_URL", "https://api.crossref.org"),
    "datacite": os.environ.get("PUBDB_DATACITE_URL", "https://api.datacite.org"),
    "arxiv": os.environ.get("PUBDB_ARXIV_URL", "https://export.arxiv.org/api"),
    "openalex": os.environ.get("PUBDB_OPENALEX_URL", "https://api.openalex.org"),
    "s2": os.environ.get("PUBDB_S2_URL", "https://api.semanticscholar.org/graph/v1"),
    "orcid": os.environ.get("PUBDB_ORCID_URL", "https://pub.orcid.org/v3.0"),
    "dblp": os.environ.get("PUBDB_DBLP_URL", "https://dblp.org"),
}
# The polite pools (Crossref, OpenAlex) and every source's User-Agent carry this address.
PUBDB_CONTACT_EMAIL = os.environ.get("PUBDB_CONTACT_EMAIL", "")
PUBDB_SOURCE_TIMEOUT_SECONDS = float(os.environ.get("PUBDB_SOURCE_TIMEOUT_SECONDS", "20"))
PUBDB_SOURCE_RETRIES = int(os.environ.get("PUBDB_SOURCE_RETRIES", "4"))
PUBDB_SOURCE_MAX_WAIT_SECONDS = float(os.environ.get("PUBDB_SOURCE_MAX_WAIT_SECONDS", "30"))
PUBDB_SOURCE_MAX_BYTES = int(os.environ.get("PUBDB_SOURCE_MAX_BYTES", 20 * 1024 * 1024))
# Requests per second per source: arXiv asks for one every 3 s, S2's public pool about 1/s.
PUBDB_SOURCE_RATES = {
    "crossref": 10.0,
    "datacite": 10.0,
    "arxiv": 1 / 3,
    "openalex": 10.0,
    "s2": 1.0,
    "orcid": 10.0,
    "dblp": 1.0,
}
for _source in PUBDB_SOURCE_RATES:
    _rate = os.environ.get(f"PUBDB_{_source.upper()}_RATE")
    if _rate:
        PUBDB_SOURCE_RATES[_source] = float(_rate)
