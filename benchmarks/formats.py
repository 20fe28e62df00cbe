"""What the reference-manager metadata and the sitemap's validator cost, on the configured database:

    DJANGO_DEBUG=1 DATABASE_URL=postgres://.../pubdb_corpus python benchmarks/formats.py

- the sitemap rendered (200) against a conditional GET answered from its ETag (304, front/sitemaps.py);
- the COinS of a list's entries (papers/openurl.py) against the page they are on: the largest profile's
  first page and /papers/.
Medians of a few runs, in-process, page cache off. Compare the ratios: absolute times on shared machines
are noisy. The figures are in docs/PERFORMANCE.md ("Citation metadata and the sitemap").
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubdb.settings")


def median_seconds(fn, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from front.listing import load_entries
    from papers.models import Paper
    from papers.openurl import context_object
    from researchers.models import Researcher

    settings.PUBDB_PAGE_CACHE = False
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    etag = client.get("/sitemap.xml")["ETag"]
    full = median_seconds(lambda: client.get("/sitemap.xml"))
    revalidated = median_seconds(lambda: client.get("/sitemap.xml", headers={"If-None-Match": etag}))
    print(f"sitemap: 200 in {full * 1000:.0f} ms, 304 in {revalidated * 1000:.1f} ms: {full / revalidated:.0f}x")

    person = Researcher.objects.most_papers(1)[0]
    for url, papers in [
        (person.get_absolute_url(), Paper.objects.for_profile(person)[:100]),
        ("/papers/", Paper.objects.newest_first()[:25]),
    ]:
        page = median_seconds(lambda url=url: client.get(url))
        entries = load_entries(papers)
        coins = median_seconds(lambda entries=entries: [context_object(e) for e in entries])
        print(f"{url}: page {page * 1000:.0f} ms, COinS of its {len(entries)} entries {coins / page:.1%} of it")


if __name__ == "__main__":
    main()
