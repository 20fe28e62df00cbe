"""The site's two languages: English at the unprefixed URLs, Simplified Chinese under /zh-hans/.

Why a URL prefix and not a cookie: the URL alone says what a page is in, so the page cache, browsers' and
proxies' caches and search engines (the sitemap's and the pages' hreflang alternates) each see two pages,
a link shared from a Chinese page opens in Chinese, and a cached page never reaches a reader of the other
language. The API and the admin are not prefixed and always answer in English: their data (choice labels,
dates) must not change with a browser's settings.

The preference still counts where a visitor arrives without a choice in the URL: a GET of an English page
from a browser whose language cookie (set by the switch, `switch_language`) or, without one, Accept-Language
asks for Chinese is redirected to the Chinese page. The English link of the switch sets the cookie to English,
so that redirect does not send the reader straight back.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_noop

LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]


def path_in(language, path):
    """`path` (a page's, with or without a language prefix) as the page in `language`: /zh-hans/papers/ <->
    /papers/. The patterns are not translated, only prefixed, so no URL resolving is needed."""
    current = translation.get_language_from_path(path)
    if current:
        path = path[len(current) + 1 :] or "/"
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def is_page(path, urlconf=None):
    """Whether `path` (unprefixed) is one of the pages that exist in every language (front.urls.page_patterns)."""
    other = next(code for code in LANGUAGE_CODES if code != settings.LANGUAGE_CODE)
    with translation.override(other):
        return is_valid_path(path_in(other, path), urlconf)


class LanguageMiddleware(LocaleMiddleware):
    """Activates the URL's language (English without a prefix); redirects an arrival to the preferred language."""

    def process_request(self, request):
        from_path = translation.get_language_from_path(request.path_info)
        translation.activate(from_path or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        if from_path or request.method not in ("GET", "HEAD"):
            return None
        wanted = translation.get_language_from_request(request)  # the cookie, else Accept-Language, else English
        urlconf = getattr(request, "urlconf", None)
        if wanted == settings.LANGUAGE_CODE or not is_page(request.path_info, urlconf):
            return None
        target = get_script_prefix().rstrip("/") + path_in(wanted, request.path_info)
        query = request.META.get("QUERY_STRING", "")
        redirect = HttpResponseRedirect(f"{target}?{query}" if query else target)
        patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
        return redirect

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The response is rendered by now: the thread's next work (another request, a command, a test) starts
        # from the default language, not from this page's.
        translation.deactivate()
        return response


# Where a person's own script comes first: 张辰 (Chen Zhang) on the Chinese pages, Chen Zhang 张辰 on the English.
NATIVE_NAME_FIRST = {"zh-hans"}


def names_in_order(name, native_name):
    """A person's two names as the page's language shows them: (first, second, whether the first is the native)."""
    if native_name and translation.get_language() in NATIVE_NAME_FIRST:
        return native_name, name, True
    return name, native_name, False


# How a list of names is punctuated (the paper lists' authors, a profile's advisors and aliases, an award's
# recipients): (between two names, before the last of a closed list, before "et al."). Chinese enumerates with
# the ideographic comma 、 and closes with 和 ("张三、李四和王五"), and its full-width punctuation carries its own
# space, so none is added around it, whatever script the names are printed in: the page's language sets the
# punctuation, the names stay as printed. A truncated list reads "张三、李四等" (等 is "et al.", translated).
LIST_PUNCTUATION = {"zh-hans": ("、", "和", "")}
ENGLISH_LIST_PUNCTUATION = (", ", " and ", ", ")


def list_separator(index, length, *, closed=True):
    """The text before the item at 0-based `index` of a list of `length` names in the page's language: nothing
    before the first, "and" before the last of a `closed` list (one not followed by "et al."), a comma otherwise;
    `index == length` is the place of "et al." after a truncated list."""
    between, last, before_others = LIST_PUNCTUATION.get(translation.get_language(), ENGLISH_LIST_PUNCTUATION)
    if index == 0:
        return ""
    if index == length:
        return before_others
    return last if closed and index == length - 1 else between


def names_line(names, *, truncated=False, closed=True):
    """`names` as one line of text in the page's language: "A, B and C" / "A、B和C", a truncated list ending in
    "et al." / "等"; `closed=False` for commas only, as the feeds have always listed authors ("A, B, C")."""
    closed = closed and not truncated
    text = "".join(list_separator(n, len(names), closed=closed) + name for n, name in enumerate(names))
    if truncated:
        text += (list_separator(len(names), len(names)) if names else "") + translation.gettext("et al.")
    return text


# Django's forms end each label with gettext(":"), which its own zh_Hans catalogue leaves an ASCII colon ("单位:");
# the project's catalogue, read first, gives the full-width one ("单位："), for the owner's forms and allauth's alike.
LABEL_SUFFIX = gettext_noop(":")
