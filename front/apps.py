from django.apps import AppConfig


class FrontConfig(AppConfig):
    """Every public HTML page: listings, profiles, feeds, sitemaps, embeds and their template tags."""

    name = "front"
