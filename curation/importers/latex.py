"""LaTeX -> Unicode for BibTeX fields and name parts: pylatexenc, with its answers for plain text made faster.

pylatexenc costs about a millisecond a call, and a BibTeX file calls it for every field and every name part.
Most of them are plain text, braces (`{{BERT}}`) and dashes (`1--10`), which need no parser: for those,
`plain()` gives pylatexenc's own answer (tests/test_import_latex.py compares the two on every string of the
import tests and on generated ones). The rest (a macro, an accent, math, a comment, a quote) goes to
pylatexenc, once per distinct string: names and venues recur all through a file.
"""

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import LatexWalker, get_default_latex_context_db

# What pylatexenc reads as more than text, braces and dashes: macros, math, comments, `&` (tabular), `~` (a
# non-breaking space), TeX's quotes and inverted marks.
NEEDS_PARSER = re.compile(r"[\\$%&~]|``|''|[!?]`")
BRACES = re.compile(r"[{}]")
DASHES = re.compile(r"---|--")
DASH_TEXT = {"---": "\N{EM DASH}", "--": "\N{EN DASH}"}
DISTINCT_STRINGS = 1 << 16  # decoded strings kept: a big file's names and venues, a few MB


def plain(text):
    """pylatexenc's text for `text` without running it, or None when `text` needs the parser: braces (groups)
    dropped, `--` and `---` (within a group, not across braces) made dashes, everything else kept as it is."""
    if NEEDS_PARSER.search(text):
        return None
    if "{" not in text and "}" not in text:
        return DASHES.sub(_dash, text) if "--" in text else text
    depth = 0
    for brace in BRACES.finditer(text):
        depth += 1 if brace.group() == "{" else -1
        if depth < 0:
            return None  # a stray closing brace: pylatexenc's tolerant parsing decides
    if depth:
        return None
    return "".join(DASHES.sub(_dash, piece) for piece in BRACES.split(text))


def _dash(match):
    return DASH_TEXT[match.group()]


class Decoder(LatexNodes2Text):
    """pylatexenc's LatexNodes2Text, answering plain text at once and each other string once."""

    def __init__(self, **options):
        super().__init__(**options)
        # pylatexenc builds its table of macros for every string it parses unless it is given one.
        self._walker_context = get_default_latex_context_db()
        self._decoded = lru_cache(maxsize=DISTINCT_STRINGS)(self._decode)

    def latex_to_text(self, latex, **parse_flags):
        if parse_flags:
            return super().latex_to_text(latex, **parse_flags)
        return self._decoded(latex)

    def _decode(self, latex):
        text = plain(latex)
        if text is None:
            text = self.nodelist_to_text(LatexWalker(latex, latex_context=self._walker_context).get_latex_nodes()[0])
        return text
