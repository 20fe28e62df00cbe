"""Settings of the test servers: the project's, plus the probe URLs of tests/cache_probe.py."""

from pubdb.settings import *  # noqa: F403

ROOT_URLCONF = "tests.cache_probe"
