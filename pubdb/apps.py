from django.apps import AppConfig


class PubdbConfig(AppConfig):
    """The project package as an app: cache invalidation signals, backup/restore commands."""

    name = "pubdb"

    def ready(self):
        from pubdb import cache

        cache.connect_signals()
