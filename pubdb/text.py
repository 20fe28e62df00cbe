"""The one rule for the characters pubdb stores: printable text, whatever door it comes in by.

Control characters (NUL, ESC, the rest of C0 but tab and line breaks, DEL), lone surrogates and the
non-characters U+FFFE/U+FFFF are refused: PostgreSQL cannot store a NUL, XML 1.0 (the Atom feeds)
cannot carry any of them, and none of them is ever meant in a title or a name. Tabs and line breaks are
text (an abstract has paragraphs); the readers fold them in one-line fields.

Outputs that cannot carry a character use `printable()`, so a row stored before this rule (or by a
raw SQL fix) never crashes a feed.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def describe(char: str) -> str:
    """'U+0000' for a NUL: how a message names a character no one can see."""
    return f"U+{ord(char):04X}"


def first_unprintable(text: str) -> tuple[int, str] | None:
    """(line number, character) of the first character PrintableText refuses, None when there is none."""
    match = UNPRINTABLE.search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1, match.group()


def printable(text: str) -> str:
    """`text` without the characters PrintableText refuses: for outputs (XML) that cannot carry them."""
    return UNPRINTABLE.sub("", text)


@deconstructible
class PrintableText:
    """Validator of one text field (a model's, a serializer's): refuses control characters."""

    message = "%(what)s contains a control character (%(char)s), which pubdb does not store."

    def __init__(self, what: str = "This text"):
        self.what = what

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and (found := first_unprintable(value)):
            raise ValidationError(
                self.message, params={"what": self.what, "char": describe(found[1])}, code="control_character"
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrintableText) and other.what == self.what
