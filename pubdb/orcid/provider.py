from allauth.socialaccount.providers.orcid.provider import OrcidProvider as AllauthOrcidProvider

from .views import OrcidAdapter


class OrcidProvider(AllauthOrcidProvider):
    """allauth's provider (settings: SOCIALACCOUNT_PROVIDERS["orcid"]["provider_class"]) with pubdb's adapter and
    URLs (this package's urls.py: allauth builds a provider's URLs from its package)."""

    oauth2_adapter_class = OrcidAdapter
