from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Importers, author matching, merge and split, history and revert, demo loading, the admin's curation pages."""

    name = "curation"

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from .history import label_history_record

        # Library plumbing, not business logic: stamps history records with the current change set.
        pre_create_historical_record.connect(label_history_record, dispatch_uid="pubdb_change_set")
