"""The login limit, kept by django-axes (settings: AXES_*): PUBDB_LOGIN_ATTEMPTS failed logins from one client
address for one user name lock that pair for PUBDB_LOGIN_WINDOW_SECONDS. The pair, not the name alone, so
that nobody can lock a known administrator out by failing in their name; not the address alone, so that
one office behind one address is not locked out by a colleague. Failures live in the database (axes'
AccessAttempt), so the limit holds while the cache is down. This module gives axes the client's address
and the answer a locked pair gets.
"""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone


class LoginLimitBackend(AxesStandaloneBackend):
    """axes' backend, minus its refusal of an authenticate() call without a request: such a call comes from
    code (a management command, the test client's login), not from a client whose address can be limited."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def login_name(request, credentials):
    """AXES_USERNAME_CALLABLE: the name a login is for, whether the admin's form (username) or the site's
    (allauth's "login", an e-mail address, which it passes on as `email`)."""
    credentials = credentials or {}
    for key in ("username", "email", "login"):
        if credentials.get(key):
            return credentials[key]
    return request.POST.get("username") or request.POST.get("login") if request is not None else None


def client_address(request):
    """The client's address; behind PUBDB_TRUSTED_PROXIES proxies, the one the outermost of them saw."""
    proxies = settings.PUBDB_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def seconds_left(request, credentials):
    """How long the lock of this address and user name has to run: the window from the last failure.
    (Attempts during the lock are not counted: AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off.)"""
    last = (
        AccessAttempt.objects.filter(
            ip_address=client_address(request), username=get_client_username(request, credentials)
        )
        .values_list("attempt_time", flat=True)
        .first()
    )
    window = settings.PUBDB_LOGIN_WINDOW_SECONDS
    if last is None:
        return window
    return max(1, math.ceil(window - (timezone.now() - last).total_seconds()))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a 429 that says when to try again, in the text and in Retry-After."""
    seconds = seconds_left(request, credentials)
    minutes = math.ceil(seconds / 60)
    response = HttpResponse(
        f"Too many failed logins for this user name from your address. Try again in {minutes} minutes.",
        status=429,
        content_type="text/plain",
    )
    response["Retry-After"] = str(seconds)
    return response
