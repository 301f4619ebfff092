"""Small pure string helpers shared by the field extractors."""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[^\w\s]")
# C0/C1 controls except tab/newline/CR, lone surrogates, non-characters and zero-width junk.
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                   "\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# _JUNK in pieces, for a fast test on long texts: its characters outside C0/C1 and the surrogates,
# its C0 controls (and DEL) as bytes, its C1 controls as UTF-8.
_JUNK_CHARS = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ufffe", "\uffff")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_FAST_JUNK_ABOVE = 2000
LIST_MARK = "- "
"""How a list item's paragraph opens in the body text (trafilatura's text output); its DOM text
lacks it: the body's block keys and the links' paragraph matching drop it."""


def _has_controls(text: str) -> bool:
    """Does text hold a C0 or C1 control of _JUNK, or a lone surrogate? Its UTF-8 form (which
    lone surrogates cannot take) checked by a byte deletion and a short regex: on a whole page
    (~260,000 characters) a quarter of the cost of scanning it with _JUNK."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    return (len(data.translate(None, _CONTROL_BYTES)) != len(data)
            or _C1_UTF8.search(data) is not None)


def scrub(text: str) -> str:
    """Remove control characters, lone surrogates and zero-width junk (keeps newlines)."""
    if len(text) < _FAST_JUNK_ABOVE:
        return _JUNK.sub("", text) if _JUNK.search(text) is not None else text
    for c in _JUNK_CHARS:  # the common junk of long pages (soft hyphens, zero-width spaces)
        if c in text:
            text = text.replace(c, "")
    return _JUNK.sub("", text) if _has_controls(text) else text


def collapse(text: str | None) -> str:
    """Whitespace collapsed to single spaces, stripped; '' for None."""
    if not text:
        return ""
    return " ".join(scrub(text).split())  # str.split() splits on what \s matches


def or_none(text: str | None) -> str | None:
    """Collapsed text, or None when nothing is left."""
    value = collapse(text)
    return value or None


def fold(text: str) -> str:
    """Comparison key: case-folded, accents and punctuation dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", collapse(text)).casefold()
    if not text.isascii():  # ASCII has no combining marks
        # each mark the text holds, removed by str.replace (a filter in Python over every
        # character cost ~4 ms on a 50,000-character <title>; this ~1.5)
        for mark in [c for c in set(text) if unicodedata.combining(c)]:
            text = text.replace(mark, "")
    return " ".join(_PUNCT.sub(" ", text).split())


def word_count(text: str | None) -> int:
    return len(text.split()) if text else 0


# camelCase / separator split of a class token into words ("relatedStories", "post__share-bar")
CLASS_WORD_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")


def class_words(*names: str | None) -> set[str]:
    """The lower-case words of class / id values ("shareBar top-nav" -> share, bar, top, nav)."""
    return {w.lower() for name in names if name for w in CLASS_WORD_SPLIT.split(name) if w}


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
