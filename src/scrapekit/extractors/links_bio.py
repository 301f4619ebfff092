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
Review 26 narrowed it to its design: a bio closes the text, so only the last kept paragraphs
(``patterns.BIO_LAST_BLOCKS``) are asked (a standfirst "Maria Lopez, the transport minister,
introduced ..." of her own op-ed, a press release's "Acme Robotics, a maker of ..." lead stay
text); the name must be written as the record writes it (case too: "The conversation
between ..." is no bio of "The Conversation"); a name opening with an article ("The
Associated Press", "Die Redaktion") names no person; and a conjunction after the name ("Jane
Doe and colleagues published ...", "Anna Schmidt und der Bürgermeister ...") starts a sentence
about more than them.
"""

from __future__ import annotations

from collections.abc import Collection

from selectolax.lexbor import LexborNode

from . import patterns
from .authors import extract_byline_authors
from .document import Page
from .links_blocks import HEADING_TAGS
from .text import collapse


def author_names(page: Page) -> tuple[str, ...]:
    """The article's authors' names (whitespace collapsed, as written), persons named by
    ``patterns.BIO_NAME_MIN_WORDS`` words or more, not opening with an article."""
    _byline, authors, _s1, _s2 = extract_byline_authors(page)
    names = (collapse(author.name) for author in authors if author.name)
    return tuple(dict.fromkeys(
        name for name in names if len(words := name.split()) >= patterns.BIO_NAME_MIN_WORDS
        and words[0].casefold() not in patterns.BIO_NOT_A_PERSON))


def closing_paragraphs(matched: list[LexborNode]) -> frozenset[int]:
    """The mem_ids of the text's closing paragraphs among its kept blocks (``matched``, in page
    order; headings aside): the last ``patterns.BIO_LAST_BLOCKS``, never the first paragraph
    nor one of the first half (a short text's lead is no bio)."""
    paragraphs = [node for node in matched if node.tag not in HEADING_TAGS]
    start = max(1, len(paragraphs) // 2, len(paragraphs) - patterns.BIO_LAST_BLOCKS)
    return frozenset(node.mem_id for node in paragraphs[start:])


def author_bio(block: LexborNode, names: tuple[str, ...], memo: dict[int, bool],
               closing: Collection[int]) -> bool:
    """Does the block (an anchor's nearest block), one of the text's last kept paragraphs
    (``closing``: their mem_ids), open with one of ``names`` followed by words about that
    person: a comma, or a lower-case word that is no conjunction (``memo``: each block read
    once)?"""
    if not names or block.mem_id not in closing:
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
        if not text.startswith(name):
            continue
        rest = text[len(name):]
        if rest.startswith(","):
            return True
        word = rest.lstrip(" ")
        if len(word) < len(rest) and word[:1].islower() \
                and word.split(None, 1)[0].casefold() not in patterns.BIO_CONJUNCTIONS:
            return True
    return False
