from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """The synthetic corpus (generate_corpus), its bulk loader, and the benchmark scripts beside them."""

    name = "benchmarks"
