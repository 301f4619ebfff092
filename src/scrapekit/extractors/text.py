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


_CJK_WORD = re.compile("[\u3005\u3007\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
                       "\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9d\U00020000-\U0003134f]")
"""A Han ideograph or a kana: one word each (Chinese and Japanese put no spaces between words;
word processors count them so). Hangul is left to the spaces Korean puts between words."""
_CJK_GAP = re.compile(_CJK_WORD.pattern[:-1] + "\u3000-\u3004\u3008-\u303f\u30fb\uff01-\uff0f"
                      "\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
"""Those and CJK punctuation ("\u3001", "\u3002", "\uff0c"): the gaps between other words."""


def word_count(text: str | None) -> int:
    """Whitespace-separated words, each Han ideograph and kana counting as one."""
    if not text:
        return 0
    cjk = 0 if text.isascii() else len(_CJK_WORD.findall(text))
    return cjk + len(_CJK_GAP.sub(" ", text).split()) if cjk else len(text.split())


# camelCase / separator split of a class token into words ("relatedStories", "post__share-bar")
CLASS_WORD_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")


def class_words(*names: str | None) -> set[str]:
    """The lower-case words of class / id values ("shareBar top-nav" -> share, bar, top, nav)."""
    return {w.lower() for name in names if name for w in CLASS_WORD_SPLIT.split(name) if w}


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
