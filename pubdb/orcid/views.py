from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.orcid.views import OrcidOAuth2Adapter
from django.conf import settings


class OrcidAdapter(OrcidOAuth2Adapter):
    @property
    def authorize_url(self):
        return f"{settings.PUBDB_ORCID_OAUTH_URL}/oauth/authorize"

    @property
    def access_token_url(self):
        return f"{settings.PUBDB_ORCID_OAUTH_URL}/oauth/token"

    @property
    def profile_url(self):
        # complete_login() fills in the iD the token answer names: the record of the person who signed in.
        return settings.PUBDB_SOURCE_URLS["orcid"].rstrip("/") + "/%s/record"


oauth2_login = OAuth2LoginView.adapter_view(OrcidAdapter)
oauth2_callback = OAuth2CallbackView.adapter_view(OrcidAdapter)
