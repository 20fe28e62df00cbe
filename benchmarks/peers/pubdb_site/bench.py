"""pubdb: the corpus through its own loader (generate_corpus), into an empty database so ids are the stream's."""

from django.urls import reverse
from django.utils.http import urlencode

from benchmarks.corpus import CorpusGenerator
from papers.models import Paper
from researchers.models import Researcher


def load(papers, seed, log):
    if Paper.objects.exists() or Researcher.objects.exists():
        raise SystemExit("pubdb's peers database must start empty: ids are the stream's index + 1 in every app.")
    CorpusGenerator(papers, seed=seed, log=log).run()


def urls(targets):
    person = Researcher.objects.get(pk=targets["person"] + 1, name=targets["person_name"])
    return {
        "author": reverse("researchers:detail", args=[person.slug]),
        "paper": reverse("papers:detail", args=[targets["paper"] + 1]),
        "list": reverse("papers:list"),
        "search": f"{reverse('search')}?{urlencode({'q': targets['word']})}",
        "home": "/",
    }
