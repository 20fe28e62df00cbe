"""allauth's adapters (settings: ACCOUNT_ADAPTER, SOCIALACCOUNT_ADAPTER): where a sign-in lands."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """A researcher's sign-in without a ?next= lands on their own page (the admin's login keeps /admin/)."""
        return reverse("owner:home")

    def get_signup_redirect_url(self, request):
        return reverse("owner:home")


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_auto_signup_allowed(self, request, sociallogin):
        # An ORCID sign-in makes an account at once: the iD is verified by ORCID, the e-mail is asked if missing.
        return True
