"""Template helpers shared by every page: Markdown, e-mail obfuscation, author lists, query strings."""

import markdown as markdown_lib
import nh3
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Markdown can produce these; nh3 removes everything else (scripts, handlers, javascript: URLs, raw HTML tricks).
ALLOWED_TAGS = {
    "a", "p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip


@register.filter(is_safe=True)
def markdown(text):
    """Markdown (bios, news, project descriptions) as sanitised HTML: hostile input comes out inert."""
    html = markdown_lib.markdown(text or "", extensions=[], output_format="html")
    return mark_safe(
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


@register.inclusion_tag("includes/authors.html")
def author_list(paper, owner=None, base=""):
    """The listed authors in order; authors known only to be beyond a truncated list are named after "et al."."""
    authorships = paper.authorships.all()  # prefetched in order by with_listing()
    return {
        "listed": [a for a in authorships if a.position is not None],
        "beyond": [a for a in authorships if a.position is None],
        "truncated": paper.authors_truncated,
        "owner_id": owner.pk if owner else None,
        "base": base,  # the site's address, for links in a fragment shown on another site
    }


@register.filter
def has_equal_contribution(papers):
    """Whether any listed paper carries an equal-contribution mark, so the legend is shown only where needed."""
    return any(a.equal_contribution for paper in papers for a in paper.authorships.all())


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
