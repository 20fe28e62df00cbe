"""Settings for benchmarks/bench.py: the project's settings as deployed (DEBUG off), plus a trivial view's URL."""

from pubdb.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "benchmarks.urls"
# Plain HTTP on loopback: no redirect to HTTPS, so the load generator measures the pages themselves.
SECURE_SSL_REDIRECT = False
