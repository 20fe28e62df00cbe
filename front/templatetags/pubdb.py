"""Template helpers shared by every page: Markdown, e-mail obfuscation, paper lists, people, query strings,
the page in the other language."""

from urllib.parse import urlencode

import markdown as markdown_lib
import nh3
from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from front import listing
from pubdb.i18n import is_page, path_in
from pubdb.i18n import list_separator as list_separator_for
from pubdb.i18n import names_in_order as names_in_order_for

register = template.Library()

# Markdown can produce these; nh3 removes everything else (scripts, handlers, javascript: URLs, raw HTML tricks).
ALLOWED_TAGS = {
    "a", "p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip


@register.filter(is_safe=True)
def markdown(text):
    """Markdown (bios, news, project descriptions) as sanitised HTML: hostile input comes out inert."""
    html = markdown_lib.markdown(text or "", extensions=[], output_format="html")
    # nh3 keeps only ALLOWED_TAGS and safe URLs: what is marked safe is the sanitised HTML.
    return mark_safe(  # nosec B308 B703
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )


@register.filter
def initials(name):
    """'Chen Zhang' -> 'CZ', for a profile without a photo."""
    words = (name or "").split()
    return "".join(w[0] for w in words[:1] + words[1:][-1:]).upper()


@register.filter
def obfuscate_email(address):
    """'name [at] example [dot] org': readable by people, not by address harvesters."""
    user, _, domain = (address or "").partition("@")
    if not domain:
        return ""
    return f"{user} [at] {domain.replace('.', ' [dot] ')}"


@register.simple_tag
def paper_entries(entries, owner=None, base="", template="includes/paper_entries.html"):
    """The items of a paper list: PaperEntry objects (front/listing.py) through their Jinja2 partial."""
    return listing.render_entries(entries, owner, base, template)


@register.simple_tag
def coauthor_list(coauthors, total):
    """A profile's most frequent co-authors, out of `total`: a Jinja2 partial, like the paper lists."""
    template = get_template("includes/coauthors.html", using="jinja2")
    # Django's Jinja2 backend autoescapes: every value in the partial is already escaped.
    html = template.render({"coauthors": coauthors, "total": total})
    return mark_safe(html)  # nosec B308 B703


def render_macro(template, macro, *args):
    """A macro of a Jinja2 partial as HTML, so that a Django page and the Jinja2 lists share one source."""
    context = {"template": template, "macro": macro, "args": args}
    # Django's Jinja2 backend autoescapes: every value in the macro is already escaped.
    html = get_template("includes/macro.html", using="jinja2").render(context)
    return mark_safe(html)  # nosec B308 B703


@register.simple_tag
def author_list(paper):
    """A paper page's author line: the lists' partial, fed the paper's one author list."""
    return render_macro("includes/paper_parts.html", "author_list", paper.author_list)


@register.simple_tag
def link_buttons(paper):
    links = list(paper.links.all())
    return render_macro("includes/paper_parts.html", "link_buttons", links, "", False)


@register.simple_tag
def person_name(researcher):
    """A researcher in a list of people: the same partial as a profile's co-authors."""
    url = researcher.get_absolute_url()
    return render_macro("includes/people.html", "person_name", url, researcher.name, researcher.native_name)


@register.filter
def has_equal_contribution(entries):
    """Whether any listed paper carries an equal-contribution mark, so the legend is shown only where needed."""
    return listing.has_equal_contribution(entries)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None or "" removes one): pagination links."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag
def identifier_link(kind, value):
    """A researcher identifier (ORCID, Scholar, ...) as a link to its home site."""
    urls = {
        "orcid": ("ORCID", "https://orcid.org/{}"),
        "google_scholar": ("Google Scholar", "https://scholar.google.com/citations?user={}"),
        "semantic_scholar": ("Semantic Scholar", "https://www.semanticscholar.org/author/{}"),
        "dblp": ("DBLP", "https://dblp.org/pid/{}.html"),
        "openreview": ("OpenReview", "https://openreview.net/profile?id={}"),
        "github": ("GitHub", "https://github.com/{}"),
    }
    label, pattern = urls[kind]
    return format_html(
        '<a class="idlink idlink-{}" href="{}" rel="me noopener">{}</a>', kind, pattern.format(value), label
    )


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The page in each language, for the switch and the hreflang alternates: code, name, the page's path in that
    language (with the query string), its absolute URL, the switch's link and whether it is the page's own.
    None on a page that exists in one language only (an error page)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or not is_page(path_in(settings.LANGUAGE_CODE, request.path_info)):
        return None
    query = request.META.get("QUERY_STRING", "")
    current = get_language()
    versions = []
    for code, name in settings.LANGUAGES:
        path = path_in(code, request.path_info) + (f"?{query}" if query else "")
        switch = reverse("switch_language", args=[code]) + "?" + urlencode({"next": request.get_full_path()})
        versions.append(
            {
                "code": code,
                "name": name,
                "path": path,
                "url": request.build_absolute_uri(path),
                "switch": switch,
                "current": code == current,
            }
        )
    return versions


@register.simple_tag
def names_in_order(researcher):
    """(first name shown, second, whether the first is the native one) for the page's language (pubdb/i18n.py)."""
    return names_in_order_for(researcher.name, researcher.native_name)


@register.simple_tag
def list_separator(forloop, closed=True):
    """The punctuation before this item of a `{% for %}` over names, in the page's language: "A, B and C" /
    "A、B和C" (pubdb/i18n.py); `closed=False` for a list that only ever used commas ("A, B" / "A、B")."""
    return list_separator_for(forloop["counter0"], forloop["counter0"] + forloop["revcounter"], closed=closed)
