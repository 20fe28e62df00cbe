"""What the peers' minimal projects share: the deployed shape (DEBUG off, no cache) and a database from the URL.

Imported by their settings inside the peers' virtualenvs, so it uses only the
standard library (no dj-database-url there).
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Never served beyond the benchmark's test client.
SECRET_KEY = "peers-benchmark-only"  # nosec B105
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "static/"
# No cache middleware, and the default per-process memory cache: every page is rendered.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def database(url=None):
    """DATABASES["default"] for a postgres:// or sqlite:/// URL (DATABASE_URL by default)."""
    url = url or os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(Path(unquote(parts.path[1:])))}
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL must be postgres:// or sqlite:///, not {url!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }
