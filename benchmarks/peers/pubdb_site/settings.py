"""pubdb as deployed (benchmarks/settings.py: DEBUG off); run.py turns the page cache off."""

from benchmarks.settings import *  # noqa: F403
