"""Warm a fresh web worker before it takes requests (gunicorn's post_worker_init hook, deploy/gunicorn.conf.py).

A worker imports its views, builds the URL reversal of each language, compiles each template and parses the
citation styles on its first request of each page, and gunicorn starts new workers all the time (max_requests):
under load a fresh worker's first paper page or API call cost 10-50× the page's median (docs/PERFORMANCE.md,
Load, open loop), the tail of the latency. Here the worker pays that once, while it boots and the others serve.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_backends
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.db import connection
from django.template import engines
from django.urls import get_resolver
from django.utils import formats, translation
from django.utils.module_loading import import_string

from front.citations import load_styles

logger = logging.getLogger(__name__)
SUFFIXES = {".html", ".txt", ".xml", ".json", ".jinja", ".j2"}


def project_templates():
    """(engine, name) of every template in the engines' own DIRS (the project's, not every app's); a file under
    two engines' folders (templates/jinja2/ lies in templates/) belongs to the one whose folder is nearer."""
    folders = [(Path(directory), engine) for engine in engines.all() for directory in engine.dirs]
    for path in sorted({path for folder, _ in folders for path in folder.rglob("*")}):
        if path.is_file() and path.suffix in SUFFIXES:
            folder, engine = max(((f, e) for f, e in folders if path.is_relative_to(f)), key=lambda f: len(f[0].parts))
            yield engine, path.relative_to(folder).as_posix()


def warm_up():
    """Do what a worker's first requests would do once; return how many templates were compiled."""
    resolver = get_resolver()
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            resolver.reverse_dict  # noqa: B018  (the URLconf, so every view module; then reverse() per language)
        formats.get_format_modules(language)  # pubdb/formats and Django's, per language
    compiled = 0
    for engine, name in project_templates():
        try:
            engine.get_template(name)
            compiled += 1
        except Exception:  # a template that cannot compile alone must not keep a worker from serving
            logger.warning("warm-up: template %s did not compile alone", name, exc_info=True)
    for engine in engines.all():  # the context processors, imported on the first render
        getattr(engine, "engine", engine).template_context_processors  # noqa: B018
    for alias in settings.CACHES:
        caches[alias]  # noqa: B018  (imports the backend; connects on first use)
    staticfiles_storage.base_url  # noqa: B018  (reads the manifest of hashed names)
    get_backends()  # the authentication backends, imported on the first request.user
    for setting in ("MESSAGE_STORAGE", "SESSION_SERIALIZER"):  # imported by name on the first request
        import_string(getattr(settings, setting))
    load_styles()
    connection.ops.compiler("SQLCompiler")  # the ORM's compiler module, imported on the first query
    connection.ensure_connection()
    return compiled
