from django.apps import AppConfig


class PubdbConfig(AppConfig):
    """The project package as an app: cache invalidation and login rate-limit signals, backup/restore commands."""

    name = "pubdb"

    def ready(self):
        from pubdb import cache, ratelimit

        cache.connect_signals()
        ratelimit.connect_signals()
