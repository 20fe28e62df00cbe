"""Admin login rate limit: after PUBDB_LOGIN_ATTEMPTS failures in PUBDB_LOGIN_WINDOW_SECONDS from one client
address or for one username, further login attempts get 429 until the window has passed. Counts live in the
shared cache, so the limit holds across app servers.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse


def client_address(request):
    """The client's address; behind PUBDB_TRUSTED_PROXIES proxies, the one the outermost of them saw."""
    proxies = settings.PUBDB_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _keys(request, username):
    keys = [f"pubdb:login-failures:address:{client_address(request)}"]
    if username:
        keys.append(f"pubdb:login-failures:user:{username.lower()}")
    return keys


def _record_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    for key in _keys(request, credentials.get("username")):
        if cache.add(key, 1, settings.PUBDB_LOGIN_WINDOW_SECONDS) is False:
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, settings.PUBDB_LOGIN_WINDOW_SECONDS)


def _forget_user_failures(sender, request, user, **kwargs):
    cache.delete(f"pubdb:login-failures:user:{user.get_username().lower()}")


def connect_signals():
    user_login_failed.connect(_record_failure, dispatch_uid="pubdb.ratelimit.failed")
    user_logged_in.connect(_forget_user_failures, dispatch_uid="pubdb.ratelimit.logged_in")


class AdminLoginRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.login_path = reverse("admin:login")

    def __call__(self, request):
        if request.method == "POST" and request.path == self.login_path:
            failures = cache.get_many(_keys(request, request.POST.get("username", "")))
            if max(failures.values(), default=0) >= settings.PUBDB_LOGIN_ATTEMPTS:
                minutes = settings.PUBDB_LOGIN_WINDOW_SECONDS // 60
                response = HttpResponse(
                    f"Too many failed logins. Try again in {minutes} minutes.", status=429, content_type="text/plain"
                )
                response["Retry-After"] = str(settings.PUBDB_LOGIN_WINDOW_SECONDS)
                return response
        return self.get_response(request)
