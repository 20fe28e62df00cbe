"""How titles are compared: the one rule behind matching an imported record to a paper and `Paper.title_key`."""

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)  # an import compares each name it prints several times (authors are matched by it)
def normalise_title(title: str | None) -> str:
    """Case, accents, punctuation and spacing folded away: titles as a curator would compare them."""
    text = title or ""
    if not text.isascii():  # (ASCII has no accents to fold: the common case skips the walk over characters)
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = text.casefold()
    return re.sub(r"[\W_]+", " ", text).strip()
