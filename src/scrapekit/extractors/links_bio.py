"""The author's bio kept with the text (the thirty-second round of related links).

A paragraph that opens with the name of the article's own author, followed by words about them
("Jane Doe has been featured in ...", "Jane Doe makes frequent appearances on ...", "Jane Doe,
a consultant at ..."), is the author's bio: boilerplate around the article (the guide's 5.6),
not its text, even when the body extractor kept it. Its links (the author's own site, an
employer, a show they appeared on) give no in-body link. The author is the one the record
names (``authors.extract_byline_authors``, asked once a page and memoised on the page: the
record's own step asks it first); a name of one word ("Staff", "Reuters") is too weak a sign.
A line where the name is followed by a colon (an interviewer's question) or by a capitalised
word (the start of a title: "Jane Doe Reports") is no bio, and a long paragraph is text.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from . import patterns
from .authors import extract_byline_authors
from .document import Page
from .text import collapse


def author_names(page: Page) -> tuple[str, ...]:
    """The article's authors' names (case-folded, whitespace collapsed), persons named by
    ``patterns.BIO_NAME_MIN_WORDS`` words or more."""
    _byline, authors, _s1, _s2 = extract_byline_authors(page)
    names = (collapse(author.name).casefold() for author in authors if author.name)
    return tuple(dict.fromkeys(name for name in names
                               if len(name.split()) >= patterns.BIO_NAME_MIN_WORDS))


def author_bio(block: LexborNode, names: tuple[str, ...], memo: dict[int, bool]) -> bool:
    """Does the block (an anchor's nearest block) open with one of ``names`` followed by words
    about that person: a comma, or a lower-case word (``memo``: each block read once)?"""
    if not names:
        return False
    flag = memo.get(block.mem_id)
    if flag is None:
        raw = block.text(deep=True, separator=" ")
        # the opening first (its head collapsed: most blocks open otherwise), then the length
        # (collapsing never lengthens a text: a short raw text is short)
        flag = memo[block.mem_id] = _opens_bio(collapse(raw[:patterns.BIO_HEAD_CHARS]), names) \
            and (len(raw) <= patterns.BIO_MAX_CHARS or len(collapse(raw)) <= patterns.BIO_MAX_CHARS)
    return flag


def _opens_bio(text: str, names: tuple[str, ...]) -> bool:
    """Does ``text`` (collapsed) open with one of ``names`` followed by a comma or a lower-case
    word?"""
    text = text.lstrip(patterns.BIO_LEAD)
    for name in names:
        if text[:len(name)].casefold() != name:
            continue
        rest = text[len(name):]
        if rest.startswith(","):
            return True
        word = rest.lstrip(" ")
        if len(word) < len(rest) and word[:1].islower():
            return True
    return False
