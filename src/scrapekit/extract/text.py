"""Small pure string helpers shared by the field extractors."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
# C0/C1 controls except tab/newline/CR, lone surrogates, non-characters and zero-width junk.
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                   "\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def scrub(text: str) -> str:
    """Remove control characters, lone surrogates and zero-width junk (keeps newlines)."""
    if _JUNK.search(text) is None:  # the common case: one scan, no copy
        return text
    return _JUNK.sub("", text)


def collapse(text: str | None) -> str:
    """Whitespace collapsed to single spaces, stripped; '' for None."""
    if not text:
        return ""
    return _WS.sub(" ", scrub(text)).strip()


def or_none(text: str | None) -> str | None:
    """Collapsed text, or None when nothing is left."""
    value = collapse(text)
    return value or None


def fold(text: str) -> str:
    """Comparison key: case-folded, accents and punctuation dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", collapse(text)).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _WS.sub(" ", re.sub(r"[^\w\s]", " ", text)).strip()


def word_count(text: str | None) -> int:
    return len(text.split()) if text else 0


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
