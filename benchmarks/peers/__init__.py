"""pubdb beside the published Django publication apps, on one corpus (`make peers`; see docs/PERFORMANCE.md).

Each app (pubdb, django-publications, django-literature) is a site package
here (settings, urls, and bench.py: how it loads the corpus and which of its
pages match ours); the peers run in virtualenvs of their own under .venvs/,
installed from PyPI at run time (requirements-<peer>.txt). run.py drives it all.
"""
