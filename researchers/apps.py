from django.apps import AppConfig


class ResearchersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "researchers"
