"""How titles are compared: the one rule behind matching an imported record to a paper and `Paper.title_key`."""

import re
import unicodedata


def normalise_title(title: str | None) -> str:
    """Case, accents, punctuation and spacing folded away: titles as a curator would compare them."""
    text = title or ""
    if not text.isascii():  # (ASCII has no accents to fold: the common case skips the walk over characters)
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = text.casefold()
    return re.sub(r"[\W_]+", " ", text).strip()
