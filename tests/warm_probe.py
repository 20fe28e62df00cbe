"""A fresh process, as a new web worker is: with "warm" it runs pubdb.warmup first; then it asks for the public
pages named on the command line (Django's test client, the whole middleware stack) and prints, as JSON, what
those first requests had to do that a warm worker has done already: templates compiled, modules imported,
citation styles parsed, URL reversals built. Run by tests/test_warmup.py with the server's environment."""

import importlib
import json
import sys

importlib.import_module("pubdb.wsgi")  # first, as a gunicorn worker starts: the app and its middleware


def state():
    from django.template import engines
    from django.urls import get_resolver

    from front.citations import _style

    django_loader = engines["django"].engine.template_loaders[0]  # the cached loader (DEBUG off)
    return {
        "templates": sorted(django_loader.get_template_cache) + sorted(map(str, engines["jinja2"].env.cache.keys())),
        "modules": sorted(sys.modules),
        "styles parsed": _style.cache_info().misses,
        "reversals": sorted(get_resolver()._reverse_dict),
    }


def main(mode, pages):
    from django.test import Client

    if mode == "warm":
        from pubdb.warmup import warm_up

        warm_up()
    before = state()
    client = Client(HTTP_HOST="127.0.0.1")
    statuses = {path: client.get(path).status_code for path in pages}
    after = state()
    changed = {key: sorted(set(after[key]) - set(before[key])) for key in after if isinstance(after[key], list)}
    parsed = after["styles parsed"] - before["styles parsed"]
    print(json.dumps({"statuses": statuses, **changed, "styles parsed": parsed}))


main(sys.argv[1], sys.argv[2:])
