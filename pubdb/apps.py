from django.apps import AppConfig


class PubdbConfig(AppConfig):
    """The project package as an app: cache invalidation signals and the backup/restore commands."""

    name = "pubdb"

    def ready(self):
        from pubdb.cache import connect_signals

        connect_signals()
